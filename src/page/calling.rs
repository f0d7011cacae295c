//! Country calling codes and the countries and services they belong to: every code the
//! ITU assigns under E.164 (recommendation E.164, annex "List of ITU-T Recommendation E.164
//! assigned country codes"), with the short English name a reader knows it by. A code
//! shared by several countries names them all (+1, +7, +44, +262, +590, +599); the
//! international services (freephone, satellite, networks) are named as services.
//!
//! Data, not code: one row a code, sorted by code, so a new assignment is a new row.

/// `(code without "+", name)`, sorted by code as text. A name is at most 40 characters, to
/// fit a phone's width beside its code.
pub const CALLING_CODES: &[(&str, &str)] = &[
    ("1", "United States, Canada and the Caribbean"),
    ("20", "Egypt"),
    ("211", "South Sudan"),
    ("212", "Morocco"),
    ("213", "Algeria"),
    ("216", "Tunisia"),
    ("218", "Libya"),
    ("220", "Gambia"),
    ("221", "Senegal"),
    ("222", "Mauritania"),
    ("223", "Mali"),
    ("224", "Guinea"),
    ("225", "Côte d’Ivoire"),
    ("226", "Burkina Faso"),
    ("227", "Niger"),
    ("228", "Togo"),
    ("229", "Benin"),
    ("230", "Mauritius"),
    ("231", "Liberia"),
    ("232", "Sierra Leone"),
    ("233", "Ghana"),
    ("234", "Nigeria"),
    ("235", "Chad"),
    ("236", "Central African Republic"),
    ("237", "Cameroon"),
    ("238", "Cape Verde"),
    ("239", "São Tomé and Príncipe"),
    ("240", "Equatorial Guinea"),
    ("241", "Gabon"),
    ("242", "Congo"),
    ("243", "DR Congo"),
    ("244", "Angola"),
    ("245", "Guinea-Bissau"),
    ("246", "Diego Garcia"),
    ("247", "Ascension Island"),
    ("248", "Seychelles"),
    ("249", "Sudan"),
    ("250", "Rwanda"),
    ("251", "Ethiopia"),
    ("252", "Somalia"),
    ("253", "Djibouti"),
    ("254", "Kenya"),
    ("255", "Tanzania"),
    ("256", "Uganda"),
    ("257", "Burundi"),
    ("258", "Mozambique"),
    ("260", "Zambia"),
    ("261", "Madagascar"),
    ("262", "Réunion and Mayotte"),
    ("263", "Zimbabwe"),
    ("264", "Namibia"),
    ("265", "Malawi"),
    ("266", "Lesotho"),
    ("267", "Botswana"),
    ("268", "Eswatini"),
    ("269", "Comoros"),
    ("27", "South Africa"),
    ("290", "Saint Helena and Tristan da Cunha"),
    ("291", "Eritrea"),
    ("297", "Aruba"),
    ("298", "Faroe Islands"),
    ("299", "Greenland"),
    ("30", "Greece"),
    ("31", "Netherlands"),
    ("32", "Belgium"),
    ("33", "France"),
    ("34", "Spain"),
    ("350", "Gibraltar"),
    ("351", "Portugal"),
    ("352", "Luxembourg"),
    ("353", "Ireland"),
    ("354", "Iceland"),
    ("355", "Albania"),
    ("356", "Malta"),
    ("357", "Cyprus"),
    ("358", "Finland"),
    ("359", "Bulgaria"),
    ("36", "Hungary"),
    ("370", "Lithuania"),
    ("371", "Latvia"),
    ("372", "Estonia"),
    ("373", "Moldova"),
    ("374", "Armenia"),
    ("375", "Belarus"),
    ("376", "Andorra"),
    ("377", "Monaco"),
    ("378", "San Marino"),
    ("379", "Vatican City"),
    ("380", "Ukraine"),
    ("381", "Serbia"),
    ("382", "Montenegro"),
    ("383", "Kosovo"),
    ("385", "Croatia"),
    ("386", "Slovenia"),
    ("387", "Bosnia and Herzegovina"),
    ("389", "North Macedonia"),
    ("39", "Italy and Vatican City"),
    ("40", "Romania"),
    ("41", "Switzerland"),
    ("420", "Czechia"),
    ("421", "Slovakia"),
    ("423", "Liechtenstein"),
    ("43", "Austria"),
    ("44", "United Kingdom and Crown Dependencies"),
    ("45", "Denmark"),
    ("46", "Sweden"),
    ("47", "Norway"),
    ("48", "Poland"),
    ("49", "Germany"),
    ("500", "Falkland Islands"),
    ("501", "Belize"),
    ("502", "Guatemala"),
    ("503", "El Salvador"),
    ("504", "Honduras"),
    ("505", "Nicaragua"),
    ("506", "Costa Rica"),
    ("507", "Panama"),
    ("508", "Saint Pierre and Miquelon"),
    ("509", "Haiti"),
    ("51", "Peru"),
    ("52", "Mexico"),
    ("53", "Cuba"),
    ("54", "Argentina"),
    ("55", "Brazil"),
    ("56", "Chile"),
    ("57", "Colombia"),
    ("58", "Venezuela"),
    ("590", "Guadeloupe, St Barthélemy, St Martin"),
    ("591", "Bolivia"),
    ("592", "Guyana"),
    ("593", "Ecuador"),
    ("594", "French Guiana"),
    ("595", "Paraguay"),
    ("596", "Martinique"),
    ("597", "Suriname"),
    ("598", "Uruguay"),
    ("599", "Curaçao and the Caribbean Netherlands"),
    ("60", "Malaysia"),
    ("61", "Australia"),
    ("62", "Indonesia"),
    ("63", "Philippines"),
    ("64", "New Zealand"),
    ("65", "Singapore"),
    ("66", "Thailand"),
    ("670", "Timor-Leste"),
    ("672", "Norfolk Island and Australian Antarctica"),
    ("673", "Brunei"),
    ("674", "Nauru"),
    ("675", "Papua New Guinea"),
    ("676", "Tonga"),
    ("677", "Solomon Islands"),
    ("678", "Vanuatu"),
    ("679", "Fiji"),
    ("680", "Palau"),
    ("681", "Wallis and Futuna"),
    ("682", "Cook Islands"),
    ("683", "Niue"),
    ("685", "Samoa"),
    ("686", "Kiribati"),
    ("687", "New Caledonia"),
    ("688", "Tuvalu"),
    ("689", "French Polynesia"),
    ("690", "Tokelau"),
    ("691", "Micronesia"),
    ("692", "Marshall Islands"),
    ("7", "Russia and Kazakhstan"),
    ("800", "International Freephone"),
    ("808", "International Shared Cost Service"),
    ("81", "Japan"),
    ("82", "South Korea"),
    ("84", "Vietnam"),
    ("850", "North Korea"),
    ("852", "Hong Kong"),
    ("853", "Macao"),
    ("855", "Cambodia"),
    ("856", "Laos"),
    ("86", "China"),
    ("870", "Inmarsat satellite service"),
    ("880", "Bangladesh"),
    ("881", "Global Mobile Satellite System"),
    ("882", "International Networks"),
    ("883", "International Networks"),
    ("886", "Taiwan"),
    ("888", "Telecommunications for Disaster Relief"),
    ("90", "Türkiye"),
    ("91", "India"),
    ("92", "Pakistan"),
    ("93", "Afghanistan"),
    ("94", "Sri Lanka"),
    ("95", "Myanmar"),
    ("960", "Maldives"),
    ("961", "Lebanon"),
    ("962", "Jordan"),
    ("963", "Syria"),
    ("964", "Iraq"),
    ("965", "Kuwait"),
    ("966", "Saudi Arabia"),
    ("967", "Yemen"),
    ("968", "Oman"),
    ("970", "Palestine"),
    ("971", "United Arab Emirates"),
    ("972", "Israel"),
    ("973", "Bahrain"),
    ("974", "Qatar"),
    ("975", "Bhutan"),
    ("976", "Mongolia"),
    ("977", "Nepal"),
    ("979", "International Premium Rate Service"),
    ("98", "Iran"),
    ("991", "International trial service (ITPCS)"),
    ("992", "Tajikistan"),
    ("993", "Turkmenistan"),
    ("994", "Azerbaijan"),
    ("995", "Georgia"),
    ("996", "Kyrgyzstan"),
    ("998", "Uzbekistan"),
];

/// Who a calling code (digits, no `+`) belongs to; `None` for a code no one has.
pub fn country(code: &str) -> Option<&'static str> {
    CALLING_CODES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| CALLING_CODES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_prefix_free() {
        for pair in CALLING_CODES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{pair:?}");
        }
        // A number's calling code is the one code it starts with: none is the start of
        // another (E.164 codes are a prefix code).
        for (a, _) in CALLING_CODES {
            for (b, _) in CALLING_CODES {
                assert!(a == b || !b.starts_with(a), "+{a} is the start of +{b}");
            }
            assert!(a.len() <= 3 && a.bytes().all(|b| b.is_ascii_digit()), "{a}");
        }
        // A name fits a bar chart's label on a phone.
        for (code, name) in CALLING_CODES {
            assert!(name.chars().count() <= 40, "+{code} {name}");
        }
    }

    #[test]
    fn every_code_the_redactor_splits_off_a_number_is_named() {
        // The two-digit codes, and a sample of one- and three-digit ones, as
        // `text::country_code` splits them.
        for number in [
            "15555550123",
            "75555550123",
            "445555550103",
            "6285555550107",
            "3725555501",
            "2125555501",
            "8525555501",
            "5995555501",
        ] {
            let code = crate::text::country_code(number).unwrap();
            assert!(country(code).is_some(), "+{code}");
        }
        for two in 10..100 {
            let number = format!("{two}55555501");
            let code = crate::text::country_code(&number).unwrap();
            if code.len() == 2 {
                assert!(country(code).is_some(), "+{code}");
            }
        }
        assert_eq!(country("44"), Some("United Kingdom and Crown Dependencies"));
        assert_eq!(country("62"), Some("Indonesia"));
        assert_eq!(country("384"), None);
        assert_eq!(country("4"), None);
    }
}
