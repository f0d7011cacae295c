//! Synthetic text of the same shape: every letter, digit, mark and emoji replaced by another
//! of the same general category from the same 128-character block of Unicode (so Latin stays
//! Latin and `ü` a two-byte Latin letter, Cyrillic stays Cyrillic, Persian stays Arabic
//! script, an emoji an emoji of the same length), every space, punctuation mark and format
//! character kept. The length in characters and in UTF-8 bytes is the original's.

use unicode_general_category::{GeneralCategory as G, get_general_category};

use super::draw::Draw;

/// `text` with every letter, digit, mark and emoji replaced as the module says.
pub(crate) fn shape(text: &str, d: &mut Draw) -> String {
    text.chars().map(|c| replace(c, d)).collect()
}

/// Whether a character is replaced: it carries content, not form.
pub(crate) fn is_content(c: char) -> bool {
    is_regional_indicator(c)
        || (!is_variation_selector(c)
            && matches!(
                get_general_category(c),
                G::UppercaseLetter
                    | G::LowercaseLetter
                    | G::TitlecaseLetter
                    | G::OtherLetter
                    | G::DecimalNumber
                    | G::OtherNumber
                    | G::LetterNumber
                    | G::NonspacingMark
                    | G::SpacingMark
                    | G::OtherSymbol
            ))
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Variation selectors pick an emoji's presentation; they stay.
fn is_variation_selector(c: char) -> bool {
    ('\u{FE00}'..='\u{FE0F}').contains(&c) || ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

fn replace(c: char, d: &mut Draw) -> char {
    if !is_content(c) {
        return c;
    }
    if is_regional_indicator(c) {
        return char::from_u32(0x1F1E6 + d.below(26) as u32).unwrap_or(c);
    }
    let category = get_general_category(c);
    let block = c as u32 & !0x7f;
    let len = c.len_utf8();
    // Another character of the same category, block and length; the same one when the block
    // has no other.
    for _ in 0..64 {
        let Some(other) = char::from_u32(block + d.below(0x80) as u32) else {
            continue;
        };
        if other != c
            && other.len_utf8() == len
            && get_general_category(other) == category
            && !is_variation_selector(other)
        {
            return other;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::twin::draw::Seed;

    fn same_shape(a: &str, b: &str) -> bool {
        a.len() == b.len()
            && a.chars().count() == b.chars().count()
            && a.chars().zip(b.chars()).all(|(x, y)| {
                x.len_utf8() == y.len_utf8()
                    && get_general_category(x) == get_general_category(y)
                    && (x as u32 >> 7) == (y as u32 >> 7)
                    && (is_content(x) || x == y)
            })
    }

    #[test]
    fn text_keeps_its_scripts_lengths_and_punctuation() {
        let seed = Seed::new(1);
        for text in [
            "Alex Müller",
            "Hey there! I am using WhatsApp.",
            "Family🙂",
            "گروه کتاب",
            "Группа друзей",
            "Ελληνικά 2022",
            "डाक घर",
            "家族のグループ",
            "가족 모임",
            "👨\u{200d}👩\u{200d}👧 ok 🇩🇪",
            "\u{200e}",
            "St. Mary's P.T.A.",
        ] {
            let twin = shape(text, &mut seed.draw("t", text.as_bytes()));
            assert!(same_shape(text, &twin), "{text:?} → {twin:?}");
            if text.chars().any(is_content) {
                assert_ne!(twin, text);
            }
        }
        let twin = shape("👨\u{200d}👩\u{200d}👧", &mut seed.draw("t", b"x"));
        assert_eq!(twin.matches('\u{200d}').count(), 2, "joiners stay: {twin}");
    }
}
