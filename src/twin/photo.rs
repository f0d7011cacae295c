//! The twin's profile picture: a generated image (a colour gradient) of the original's
//! format and exactly its byte length. A JPEG keeps the original's aspect, gets quantization
//! tables of its own and optimised Huffman tables (so not even a standard table is shared
//! with the original), and is padded to length with comment segments and fill bytes; a PNG
//! is padded with a `tEXt` comment. A picture of another format (or none a decoder would
//! take) becomes random bytes of its length behind its first four.

use base64::Engine;

use super::draw::Draw;
use super::phone::Windows;

/// The largest side generated: the bytes are what must match, not the pixels.
const MAX_SIDE: u32 = 480;

/// A JPEG's width and height, from its frame header.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xff {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xff {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let frame = (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker);
        if frame && at + 9 <= bytes.len() {
            let height = u32::from(u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]));
            let width = u32::from(u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]));
            return (width > 0 && height > 0).then_some((width, height));
        }
        at += 2 + len;
    }
    None
}

/// A picture for `original`, whose base64 holds no run of the report's numbers.
pub(crate) fn twin(original: &[u8], d: &mut Draw, windows: &Windows) -> Vec<u8> {
    let mut picture = Vec::new();
    for _ in 0..8 {
        picture = generate(original, d);
        let text = base64::engine::general_purpose::STANDARD.encode(&picture);
        if !windows.sparse() || !windows.hit(&text) {
            break;
        }
    }
    picture
}

fn generate(original: &[u8], d: &mut Draw) -> Vec<u8> {
    let target = original.len();
    let made = if original.starts_with(&[0xff, 0xd8, 0xff]) {
        let (width, height) = jpeg_size(original).unwrap_or((64, 64));
        jpeg(target, width, height, d)
    } else if original.starts_with(b"\x89PNG\r\n\x1a\n") && target >= 24 {
        let be =
            |at: usize| u32::from_be_bytes(original[at..at + 4].try_into().unwrap_or_default());
        png(target, be(16).max(1), be(20).max(1), d)
    } else {
        None
    };
    made.unwrap_or_else(|| {
        let keep = target.min(4);
        let mut out = original[..keep].to_vec();
        out.extend(d.bytes(target - keep));
        out
    })
}

/// Scales a size to at most [`MAX_SIDE`] on its longer side, keeping the aspect.
fn scaled(width: u32, height: u32, shrink: u32) -> (u32, u32) {
    let long = width.max(height).max(1);
    let factor = (f64::from(MAX_SIDE) / f64::from(long)).min(1.0) / f64::from(1 << shrink);
    let side = |n: u32| ((f64::from(n) * factor).round() as u32).max(8);
    (side(width), side(height))
}

/// A gradient between two random colours.
fn pixels(width: u32, height: u32, d: &mut Draw) -> Vec<u8> {
    let from: Vec<f64> = (0..3).map(|_| d.below(256) as f64).collect();
    let to: Vec<f64> = (0..3).map(|_| d.below(256) as f64).collect();
    let mut out = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let t = (f64::from(x) + f64::from(y)) / f64::from((width + height).max(1));
            for c in 0..3 {
                out.push((from[c] + (to[c] - from[c]) * t).round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    out
}

fn jpeg(target: usize, width: u32, height: u32, d: &mut Draw) -> Option<Vec<u8>> {
    let luma: Box<[u16; 64]> = Box::new(std::array::from_fn(|_| 2 + d.below(60) as u16));
    let chroma: Box<[u16; 64]> = Box::new(std::array::from_fn(|_| 2 + d.below(60) as u16));
    for shrink in 0..8 {
        let (w, h) = scaled(width, height, shrink);
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 50 + d.below(40) as u8);
        encoder.set_optimized_huffman_tables(true);
        encoder.set_quantization_tables(
            jpeg_encoder::QuantizationTableType::Custom(luma.clone()),
            jpeg_encoder::QuantizationTableType::Custom(chroma.clone()),
        );
        encoder
            .encode(
                &pixels(w, h, d),
                u16::try_from(w).ok()?,
                u16::try_from(h).ok()?,
                jpeg_encoder::ColorType::Rgb,
            )
            .ok()?;
        if out.len() <= target {
            return Some(pad_jpeg(out, target, d));
        }
    }
    None
}

/// Pads a JPEG to `target` bytes: comment segments after its header, then fill bytes
/// (`FF`, which may precede any marker) for what no segment can take.
fn pad_jpeg(jpeg: Vec<u8>, target: usize, d: &mut Draw) -> Vec<u8> {
    // After SOI, and after APP0 when it follows (JFIF wants it first).
    let mut at = 2;
    if jpeg.get(2..4) == Some(&[0xff, 0xe0]) && jpeg.len() >= 6 {
        at = 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    }
    let mut padding = Vec::new();
    let mut left = target - jpeg.len();
    while left >= 4 {
        let mut take = left.min(4 + 65_533);
        // Never leave 1 to 3 bytes no segment can hold.
        if (1..4).contains(&(left - take)) {
            take -= 4;
        }
        padding.extend_from_slice(&[0xff, 0xfe]);
        padding.extend_from_slice(&((take - 2) as u16).to_be_bytes());
        padding.extend(d.bytes(take - 4));
        left -= take;
    }
    padding.extend(std::iter::repeat_n(0xff, left));
    let mut out = Vec::with_capacity(target);
    out.extend_from_slice(&jpeg[..at]);
    out.extend(padding);
    out.extend_from_slice(&jpeg[at..]);
    out
}

fn png(target: usize, width: u32, height: u32, d: &mut Draw) -> Option<Vec<u8>> {
    // A tEXt chunk with the keyword `Comment` takes 20 bytes and its text.
    const TEXT: usize = 12 + "Comment".len() + 1;
    let (mut w, mut h) = scaled(width, height, 0);
    for _ in 0..64 {
        let image = pixels(w, h, d);
        let encode = |text: Option<String>| -> Option<Vec<u8>> {
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, w, h);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            if let Some(text) = text {
                encoder.add_text_chunk("Comment".into(), text).ok()?;
            }
            let mut writer = encoder.write_header().ok()?;
            writer.write_image_data(&image).ok()?;
            writer.finish().ok()?;
            Some(out)
        };
        let plain = encode(None)?;
        if plain.len() == target {
            return Some(plain);
        }
        if plain.len() + TEXT <= target {
            let text: String = (0..target - plain.len() - TEXT)
                .map(|_| char::from(b'a' + d.below(26) as u8))
                .collect();
            let padded = encode(Some(text))?;
            return (padded.len() == target).then_some(padded);
        }
        // Too long, or too short by less than a chunk: a little smaller, and again.
        if plain.len() > target {
            (w, h) = ((w * 3 / 4).max(1), (h * 3 / 4).max(1));
        } else {
            h = h.saturating_sub(1).max(1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::twin::draw::Seed;

    #[test]
    fn pictures_keep_their_format_and_length() {
        let seed = Seed::new(5);
        let none = Windows::default();
        // The fixtures' picture: a JPEG header and noise, 3,000 bytes.
        let mut fake = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x07];
        fake.extend((0..2994u32).map(|i| (i * 7 % 251) as u8));
        let mut real = Vec::new();
        jpeg_encoder::Encoder::new(&mut real, 80)
            .encode(
                &pixels(300, 200, &mut seed.draw("p", b"x")),
                300,
                200,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        real.extend(std::iter::repeat_n(0u8, 20_000 - real.len()));
        let mut png_bytes = Vec::new();
        {
            let mut e = png::Encoder::new(&mut png_bytes, 40, 30);
            e.set_color(png::ColorType::Rgb);
            let mut w = e.write_header().unwrap();
            let noise = seed.draw("p", b"n").bytes(40 * 30 * 3);
            w.write_image_data(&noise).unwrap();
        }
        for original in [fake, real, png_bytes, b"GIF89a-not-really".to_vec()] {
            for n in 0..4u8 {
                let made = twin(&original, &mut seed.draw("photo", &[n]), &none);
                assert_eq!(made.len(), original.len());
                assert_eq!(made[..3], original[..3], "the format's signature");
                assert_ne!(made, original);
                if original.starts_with(&[0xff, 0xd8]) {
                    assert!(made.ends_with(&[0xff, 0xd9]), "a whole JPEG");
                    assert!(jpeg_size(&made).is_some());
                }
                if original.starts_with(b"\x89PNG") {
                    let decoder = png::Decoder::new(std::io::Cursor::new(made.clone()));
                    assert!(decoder.read_info().is_ok(), "a PNG a decoder takes");
                }
            }
        }
    }

    #[test]
    fn a_jpeg_is_padded_to_any_length() {
        let seed = Seed::new(1);
        let mut small = Vec::new();
        jpeg_encoder::Encoder::new(&mut small, 50)
            .encode(&[128; 8 * 8 * 3], 8, 8, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        for extra in [0, 1, 2, 3, 4, 5, 7, 65_536, 65_537, 65_538, 65_540, 140_000] {
            let target = small.len() + extra;
            let padded = pad_jpeg(small.clone(), target, &mut seed.draw("x", b"y"));
            assert_eq!(padded.len(), target, "{extra}");
            assert_eq!(jpeg_size(&padded), Some((8, 8)), "{extra}");
        }
    }
}
