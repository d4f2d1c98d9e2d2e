//! Collation ids and charset names: the server's numbering of collations (as carried
//! by QUERY_EVENT status variables, TABLE_MAP_EVENT charset metadata and the
//! handshake) mapped to charset and collation names, and each charset's default
//! collation.
//!
//! Owns only these tables and lookups. Data source: `SELECT ID, CHARACTER_SET_NAME,
//! COLLATION_NAME FROM information_schema.COLLATIONS` and `SELECT CHARACTER_SET_NAME,
//! DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS` on MariaDB 10.11.19,
//! plus MySQL 8.0's `utf8mb4_*_0900_*` collations (ids 255-323) and
//! `utf8mb3_tolower_ci` (76), which MariaDB does not have. MySQL 8 names the
//! MariaDB `utf8mb3` charset the same way since 8.0.30.

/// One collation: id, charset name, collation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collation {
    /// The collation id (`information_schema.COLLATIONS.ID`).
    pub id: u16,
    /// Its charset, e.g. `utf8mb4`.
    pub charset: &'static str,
    /// Its name, e.g. `utf8mb4_general_ci`.
    pub name: &'static str,
}

/// Every known collation, sorted by id.
pub static COLLATIONS: &[Collation] = &[
    Collation {
        id: 1,
        charset: "big5",
        name: "big5_chinese_ci",
    },
    Collation {
        id: 2,
        charset: "latin2",
        name: "latin2_czech_cs",
    },
    Collation {
        id: 3,
        charset: "dec8",
        name: "dec8_swedish_ci",
    },
    Collation {
        id: 4,
        charset: "cp850",
        name: "cp850_general_ci",
    },
    Collation {
        id: 5,
        charset: "latin1",
        name: "latin1_german1_ci",
    },
    Collation {
        id: 6,
        charset: "hp8",
        name: "hp8_english_ci",
    },
    Collation {
        id: 7,
        charset: "koi8r",
        name: "koi8r_general_ci",
    },
    Collation {
        id: 8,
        charset: "latin1",
        name: "latin1_swedish_ci",
    },
    Collation {
        id: 9,
        charset: "latin2",
        name: "latin2_general_ci",
    },
    Collation {
        id: 10,
        charset: "swe7",
        name: "swe7_swedish_ci",
    },
    Collation {
        id: 11,
        charset: "ascii",
        name: "ascii_general_ci",
    },
    Collation {
        id: 12,
        charset: "ujis",
        name: "ujis_japanese_ci",
    },
    Collation {
        id: 13,
        charset: "sjis",
        name: "sjis_japanese_ci",
    },
    Collation {
        id: 14,
        charset: "cp1251",
        name: "cp1251_bulgarian_ci",
    },
    Collation {
        id: 15,
        charset: "latin1",
        name: "latin1_danish_ci",
    },
    Collation {
        id: 16,
        charset: "hebrew",
        name: "hebrew_general_ci",
    },
    Collation {
        id: 18,
        charset: "tis620",
        name: "tis620_thai_ci",
    },
    Collation {
        id: 19,
        charset: "euckr",
        name: "euckr_korean_ci",
    },
    Collation {
        id: 20,
        charset: "latin7",
        name: "latin7_estonian_cs",
    },
    Collation {
        id: 21,
        charset: "latin2",
        name: "latin2_hungarian_ci",
    },
    Collation {
        id: 22,
        charset: "koi8u",
        name: "koi8u_general_ci",
    },
    Collation {
        id: 23,
        charset: "cp1251",
        name: "cp1251_ukrainian_ci",
    },
    Collation {
        id: 24,
        charset: "gb2312",
        name: "gb2312_chinese_ci",
    },
    Collation {
        id: 25,
        charset: "greek",
        name: "greek_general_ci",
    },
    Collation {
        id: 26,
        charset: "cp1250",
        name: "cp1250_general_ci",
    },
    Collation {
        id: 27,
        charset: "latin2",
        name: "latin2_croatian_ci",
    },
    Collation {
        id: 28,
        charset: "gbk",
        name: "gbk_chinese_ci",
    },
    Collation {
        id: 29,
        charset: "cp1257",
        name: "cp1257_lithuanian_ci",
    },
    Collation {
        id: 30,
        charset: "latin5",
        name: "latin5_turkish_ci",
    },
    Collation {
        id: 31,
        charset: "latin1",
        name: "latin1_german2_ci",
    },
    Collation {
        id: 32,
        charset: "armscii8",
        name: "armscii8_general_ci",
    },
    Collation {
        id: 33,
        charset: "utf8mb3",
        name: "utf8mb3_general_ci",
    },
    Collation {
        id: 34,
        charset: "cp1250",
        name: "cp1250_czech_cs",
    },
    Collation {
        id: 35,
        charset: "ucs2",
        name: "ucs2_general_ci",
    },
    Collation {
        id: 36,
        charset: "cp866",
        name: "cp866_general_ci",
    },
    Collation {
        id: 37,
        charset: "keybcs2",
        name: "keybcs2_general_ci",
    },
    Collation {
        id: 38,
        charset: "macce",
        name: "macce_general_ci",
    },
    Collation {
        id: 39,
        charset: "macroman",
        name: "macroman_general_ci",
    },
    Collation {
        id: 40,
        charset: "cp852",
        name: "cp852_general_ci",
    },
    Collation {
        id: 41,
        charset: "latin7",
        name: "latin7_general_ci",
    },
    Collation {
        id: 42,
        charset: "latin7",
        name: "latin7_general_cs",
    },
    Collation {
        id: 43,
        charset: "macce",
        name: "macce_bin",
    },
    Collation {
        id: 44,
        charset: "cp1250",
        name: "cp1250_croatian_ci",
    },
    Collation {
        id: 45,
        charset: "utf8mb4",
        name: "utf8mb4_general_ci",
    },
    Collation {
        id: 46,
        charset: "utf8mb4",
        name: "utf8mb4_bin",
    },
    Collation {
        id: 47,
        charset: "latin1",
        name: "latin1_bin",
    },
    Collation {
        id: 48,
        charset: "latin1",
        name: "latin1_general_ci",
    },
    Collation {
        id: 49,
        charset: "latin1",
        name: "latin1_general_cs",
    },
    Collation {
        id: 50,
        charset: "cp1251",
        name: "cp1251_bin",
    },
    Collation {
        id: 51,
        charset: "cp1251",
        name: "cp1251_general_ci",
    },
    Collation {
        id: 52,
        charset: "cp1251",
        name: "cp1251_general_cs",
    },
    Collation {
        id: 53,
        charset: "macroman",
        name: "macroman_bin",
    },
    Collation {
        id: 54,
        charset: "utf16",
        name: "utf16_general_ci",
    },
    Collation {
        id: 55,
        charset: "utf16",
        name: "utf16_bin",
    },
    Collation {
        id: 56,
        charset: "utf16le",
        name: "utf16le_general_ci",
    },
    Collation {
        id: 57,
        charset: "cp1256",
        name: "cp1256_general_ci",
    },
    Collation {
        id: 58,
        charset: "cp1257",
        name: "cp1257_bin",
    },
    Collation {
        id: 59,
        charset: "cp1257",
        name: "cp1257_general_ci",
    },
    Collation {
        id: 60,
        charset: "utf32",
        name: "utf32_general_ci",
    },
    Collation {
        id: 61,
        charset: "utf32",
        name: "utf32_bin",
    },
    Collation {
        id: 62,
        charset: "utf16le",
        name: "utf16le_bin",
    },
    Collation {
        id: 63,
        charset: "binary",
        name: "binary",
    },
    Collation {
        id: 64,
        charset: "armscii8",
        name: "armscii8_bin",
    },
    Collation {
        id: 65,
        charset: "ascii",
        name: "ascii_bin",
    },
    Collation {
        id: 66,
        charset: "cp1250",
        name: "cp1250_bin",
    },
    Collation {
        id: 67,
        charset: "cp1256",
        name: "cp1256_bin",
    },
    Collation {
        id: 68,
        charset: "cp866",
        name: "cp866_bin",
    },
    Collation {
        id: 69,
        charset: "dec8",
        name: "dec8_bin",
    },
    Collation {
        id: 70,
        charset: "greek",
        name: "greek_bin",
    },
    Collation {
        id: 71,
        charset: "hebrew",
        name: "hebrew_bin",
    },
    Collation {
        id: 72,
        charset: "hp8",
        name: "hp8_bin",
    },
    Collation {
        id: 73,
        charset: "keybcs2",
        name: "keybcs2_bin",
    },
    Collation {
        id: 74,
        charset: "koi8r",
        name: "koi8r_bin",
    },
    Collation {
        id: 75,
        charset: "koi8u",
        name: "koi8u_bin",
    },
    Collation {
        id: 76,
        charset: "utf8mb3",
        name: "utf8mb3_tolower_ci",
    },
    Collation {
        id: 77,
        charset: "latin2",
        name: "latin2_bin",
    },
    Collation {
        id: 78,
        charset: "latin5",
        name: "latin5_bin",
    },
    Collation {
        id: 79,
        charset: "latin7",
        name: "latin7_bin",
    },
    Collation {
        id: 80,
        charset: "cp850",
        name: "cp850_bin",
    },
    Collation {
        id: 81,
        charset: "cp852",
        name: "cp852_bin",
    },
    Collation {
        id: 82,
        charset: "swe7",
        name: "swe7_bin",
    },
    Collation {
        id: 83,
        charset: "utf8mb3",
        name: "utf8mb3_bin",
    },
    Collation {
        id: 84,
        charset: "big5",
        name: "big5_bin",
    },
    Collation {
        id: 85,
        charset: "euckr",
        name: "euckr_bin",
    },
    Collation {
        id: 86,
        charset: "gb2312",
        name: "gb2312_bin",
    },
    Collation {
        id: 87,
        charset: "gbk",
        name: "gbk_bin",
    },
    Collation {
        id: 88,
        charset: "sjis",
        name: "sjis_bin",
    },
    Collation {
        id: 89,
        charset: "tis620",
        name: "tis620_bin",
    },
    Collation {
        id: 90,
        charset: "ucs2",
        name: "ucs2_bin",
    },
    Collation {
        id: 91,
        charset: "ujis",
        name: "ujis_bin",
    },
    Collation {
        id: 92,
        charset: "geostd8",
        name: "geostd8_general_ci",
    },
    Collation {
        id: 93,
        charset: "geostd8",
        name: "geostd8_bin",
    },
    Collation {
        id: 94,
        charset: "latin1",
        name: "latin1_spanish_ci",
    },
    Collation {
        id: 95,
        charset: "cp932",
        name: "cp932_japanese_ci",
    },
    Collation {
        id: 96,
        charset: "cp932",
        name: "cp932_bin",
    },
    Collation {
        id: 97,
        charset: "eucjpms",
        name: "eucjpms_japanese_ci",
    },
    Collation {
        id: 98,
        charset: "eucjpms",
        name: "eucjpms_bin",
    },
    Collation {
        id: 99,
        charset: "cp1250",
        name: "cp1250_polish_ci",
    },
    Collation {
        id: 101,
        charset: "utf16",
        name: "utf16_unicode_ci",
    },
    Collation {
        id: 102,
        charset: "utf16",
        name: "utf16_icelandic_ci",
    },
    Collation {
        id: 103,
        charset: "utf16",
        name: "utf16_latvian_ci",
    },
    Collation {
        id: 104,
        charset: "utf16",
        name: "utf16_romanian_ci",
    },
    Collation {
        id: 105,
        charset: "utf16",
        name: "utf16_slovenian_ci",
    },
    Collation {
        id: 106,
        charset: "utf16",
        name: "utf16_polish_ci",
    },
    Collation {
        id: 107,
        charset: "utf16",
        name: "utf16_estonian_ci",
    },
    Collation {
        id: 108,
        charset: "utf16",
        name: "utf16_spanish_ci",
    },
    Collation {
        id: 109,
        charset: "utf16",
        name: "utf16_swedish_ci",
    },
    Collation {
        id: 110,
        charset: "utf16",
        name: "utf16_turkish_ci",
    },
    Collation {
        id: 111,
        charset: "utf16",
        name: "utf16_czech_ci",
    },
    Collation {
        id: 112,
        charset: "utf16",
        name: "utf16_danish_ci",
    },
    Collation {
        id: 113,
        charset: "utf16",
        name: "utf16_lithuanian_ci",
    },
    Collation {
        id: 114,
        charset: "utf16",
        name: "utf16_slovak_ci",
    },
    Collation {
        id: 115,
        charset: "utf16",
        name: "utf16_spanish2_ci",
    },
    Collation {
        id: 116,
        charset: "utf16",
        name: "utf16_roman_ci",
    },
    Collation {
        id: 117,
        charset: "utf16",
        name: "utf16_persian_ci",
    },
    Collation {
        id: 118,
        charset: "utf16",
        name: "utf16_esperanto_ci",
    },
    Collation {
        id: 119,
        charset: "utf16",
        name: "utf16_hungarian_ci",
    },
    Collation {
        id: 120,
        charset: "utf16",
        name: "utf16_sinhala_ci",
    },
    Collation {
        id: 121,
        charset: "utf16",
        name: "utf16_german2_ci",
    },
    Collation {
        id: 122,
        charset: "utf16",
        name: "utf16_croatian_mysql561_ci",
    },
    Collation {
        id: 123,
        charset: "utf16",
        name: "utf16_unicode_520_ci",
    },
    Collation {
        id: 124,
        charset: "utf16",
        name: "utf16_vietnamese_ci",
    },
    Collation {
        id: 128,
        charset: "ucs2",
        name: "ucs2_unicode_ci",
    },
    Collation {
        id: 129,
        charset: "ucs2",
        name: "ucs2_icelandic_ci",
    },
    Collation {
        id: 130,
        charset: "ucs2",
        name: "ucs2_latvian_ci",
    },
    Collation {
        id: 131,
        charset: "ucs2",
        name: "ucs2_romanian_ci",
    },
    Collation {
        id: 132,
        charset: "ucs2",
        name: "ucs2_slovenian_ci",
    },
    Collation {
        id: 133,
        charset: "ucs2",
        name: "ucs2_polish_ci",
    },
    Collation {
        id: 134,
        charset: "ucs2",
        name: "ucs2_estonian_ci",
    },
    Collation {
        id: 135,
        charset: "ucs2",
        name: "ucs2_spanish_ci",
    },
    Collation {
        id: 136,
        charset: "ucs2",
        name: "ucs2_swedish_ci",
    },
    Collation {
        id: 137,
        charset: "ucs2",
        name: "ucs2_turkish_ci",
    },
    Collation {
        id: 138,
        charset: "ucs2",
        name: "ucs2_czech_ci",
    },
    Collation {
        id: 139,
        charset: "ucs2",
        name: "ucs2_danish_ci",
    },
    Collation {
        id: 140,
        charset: "ucs2",
        name: "ucs2_lithuanian_ci",
    },
    Collation {
        id: 141,
        charset: "ucs2",
        name: "ucs2_slovak_ci",
    },
    Collation {
        id: 142,
        charset: "ucs2",
        name: "ucs2_spanish2_ci",
    },
    Collation {
        id: 143,
        charset: "ucs2",
        name: "ucs2_roman_ci",
    },
    Collation {
        id: 144,
        charset: "ucs2",
        name: "ucs2_persian_ci",
    },
    Collation {
        id: 145,
        charset: "ucs2",
        name: "ucs2_esperanto_ci",
    },
    Collation {
        id: 146,
        charset: "ucs2",
        name: "ucs2_hungarian_ci",
    },
    Collation {
        id: 147,
        charset: "ucs2",
        name: "ucs2_sinhala_ci",
    },
    Collation {
        id: 148,
        charset: "ucs2",
        name: "ucs2_german2_ci",
    },
    Collation {
        id: 149,
        charset: "ucs2",
        name: "ucs2_croatian_mysql561_ci",
    },
    Collation {
        id: 150,
        charset: "ucs2",
        name: "ucs2_unicode_520_ci",
    },
    Collation {
        id: 151,
        charset: "ucs2",
        name: "ucs2_vietnamese_ci",
    },
    Collation {
        id: 159,
        charset: "ucs2",
        name: "ucs2_general_mysql500_ci",
    },
    Collation {
        id: 160,
        charset: "utf32",
        name: "utf32_unicode_ci",
    },
    Collation {
        id: 161,
        charset: "utf32",
        name: "utf32_icelandic_ci",
    },
    Collation {
        id: 162,
        charset: "utf32",
        name: "utf32_latvian_ci",
    },
    Collation {
        id: 163,
        charset: "utf32",
        name: "utf32_romanian_ci",
    },
    Collation {
        id: 164,
        charset: "utf32",
        name: "utf32_slovenian_ci",
    },
    Collation {
        id: 165,
        charset: "utf32",
        name: "utf32_polish_ci",
    },
    Collation {
        id: 166,
        charset: "utf32",
        name: "utf32_estonian_ci",
    },
    Collation {
        id: 167,
        charset: "utf32",
        name: "utf32_spanish_ci",
    },
    Collation {
        id: 168,
        charset: "utf32",
        name: "utf32_swedish_ci",
    },
    Collation {
        id: 169,
        charset: "utf32",
        name: "utf32_turkish_ci",
    },
    Collation {
        id: 170,
        charset: "utf32",
        name: "utf32_czech_ci",
    },
    Collation {
        id: 171,
        charset: "utf32",
        name: "utf32_danish_ci",
    },
    Collation {
        id: 172,
        charset: "utf32",
        name: "utf32_lithuanian_ci",
    },
    Collation {
        id: 173,
        charset: "utf32",
        name: "utf32_slovak_ci",
    },
    Collation {
        id: 174,
        charset: "utf32",
        name: "utf32_spanish2_ci",
    },
    Collation {
        id: 175,
        charset: "utf32",
        name: "utf32_roman_ci",
    },
    Collation {
        id: 176,
        charset: "utf32",
        name: "utf32_persian_ci",
    },
    Collation {
        id: 177,
        charset: "utf32",
        name: "utf32_esperanto_ci",
    },
    Collation {
        id: 178,
        charset: "utf32",
        name: "utf32_hungarian_ci",
    },
    Collation {
        id: 179,
        charset: "utf32",
        name: "utf32_sinhala_ci",
    },
    Collation {
        id: 180,
        charset: "utf32",
        name: "utf32_german2_ci",
    },
    Collation {
        id: 181,
        charset: "utf32",
        name: "utf32_croatian_mysql561_ci",
    },
    Collation {
        id: 182,
        charset: "utf32",
        name: "utf32_unicode_520_ci",
    },
    Collation {
        id: 183,
        charset: "utf32",
        name: "utf32_vietnamese_ci",
    },
    Collation {
        id: 192,
        charset: "utf8mb3",
        name: "utf8mb3_unicode_ci",
    },
    Collation {
        id: 193,
        charset: "utf8mb3",
        name: "utf8mb3_icelandic_ci",
    },
    Collation {
        id: 194,
        charset: "utf8mb3",
        name: "utf8mb3_latvian_ci",
    },
    Collation {
        id: 195,
        charset: "utf8mb3",
        name: "utf8mb3_romanian_ci",
    },
    Collation {
        id: 196,
        charset: "utf8mb3",
        name: "utf8mb3_slovenian_ci",
    },
    Collation {
        id: 197,
        charset: "utf8mb3",
        name: "utf8mb3_polish_ci",
    },
    Collation {
        id: 198,
        charset: "utf8mb3",
        name: "utf8mb3_estonian_ci",
    },
    Collation {
        id: 199,
        charset: "utf8mb3",
        name: "utf8mb3_spanish_ci",
    },
    Collation {
        id: 200,
        charset: "utf8mb3",
        name: "utf8mb3_swedish_ci",
    },
    Collation {
        id: 201,
        charset: "utf8mb3",
        name: "utf8mb3_turkish_ci",
    },
    Collation {
        id: 202,
        charset: "utf8mb3",
        name: "utf8mb3_czech_ci",
    },
    Collation {
        id: 203,
        charset: "utf8mb3",
        name: "utf8mb3_danish_ci",
    },
    Collation {
        id: 204,
        charset: "utf8mb3",
        name: "utf8mb3_lithuanian_ci",
    },
    Collation {
        id: 205,
        charset: "utf8mb3",
        name: "utf8mb3_slovak_ci",
    },
    Collation {
        id: 206,
        charset: "utf8mb3",
        name: "utf8mb3_spanish2_ci",
    },
    Collation {
        id: 207,
        charset: "utf8mb3",
        name: "utf8mb3_roman_ci",
    },
    Collation {
        id: 208,
        charset: "utf8mb3",
        name: "utf8mb3_persian_ci",
    },
    Collation {
        id: 209,
        charset: "utf8mb3",
        name: "utf8mb3_esperanto_ci",
    },
    Collation {
        id: 210,
        charset: "utf8mb3",
        name: "utf8mb3_hungarian_ci",
    },
    Collation {
        id: 211,
        charset: "utf8mb3",
        name: "utf8mb3_sinhala_ci",
    },
    Collation {
        id: 212,
        charset: "utf8mb3",
        name: "utf8mb3_german2_ci",
    },
    Collation {
        id: 213,
        charset: "utf8mb3",
        name: "utf8mb3_croatian_mysql561_ci",
    },
    Collation {
        id: 214,
        charset: "utf8mb3",
        name: "utf8mb3_unicode_520_ci",
    },
    Collation {
        id: 215,
        charset: "utf8mb3",
        name: "utf8mb3_vietnamese_ci",
    },
    Collation {
        id: 223,
        charset: "utf8mb3",
        name: "utf8mb3_general_mysql500_ci",
    },
    Collation {
        id: 224,
        charset: "utf8mb4",
        name: "utf8mb4_unicode_ci",
    },
    Collation {
        id: 225,
        charset: "utf8mb4",
        name: "utf8mb4_icelandic_ci",
    },
    Collation {
        id: 226,
        charset: "utf8mb4",
        name: "utf8mb4_latvian_ci",
    },
    Collation {
        id: 227,
        charset: "utf8mb4",
        name: "utf8mb4_romanian_ci",
    },
    Collation {
        id: 228,
        charset: "utf8mb4",
        name: "utf8mb4_slovenian_ci",
    },
    Collation {
        id: 229,
        charset: "utf8mb4",
        name: "utf8mb4_polish_ci",
    },
    Collation {
        id: 230,
        charset: "utf8mb4",
        name: "utf8mb4_estonian_ci",
    },
    Collation {
        id: 231,
        charset: "utf8mb4",
        name: "utf8mb4_spanish_ci",
    },
    Collation {
        id: 232,
        charset: "utf8mb4",
        name: "utf8mb4_swedish_ci",
    },
    Collation {
        id: 233,
        charset: "utf8mb4",
        name: "utf8mb4_turkish_ci",
    },
    Collation {
        id: 234,
        charset: "utf8mb4",
        name: "utf8mb4_czech_ci",
    },
    Collation {
        id: 235,
        charset: "utf8mb4",
        name: "utf8mb4_danish_ci",
    },
    Collation {
        id: 236,
        charset: "utf8mb4",
        name: "utf8mb4_lithuanian_ci",
    },
    Collation {
        id: 237,
        charset: "utf8mb4",
        name: "utf8mb4_slovak_ci",
    },
    Collation {
        id: 238,
        charset: "utf8mb4",
        name: "utf8mb4_spanish2_ci",
    },
    Collation {
        id: 239,
        charset: "utf8mb4",
        name: "utf8mb4_roman_ci",
    },
    Collation {
        id: 240,
        charset: "utf8mb4",
        name: "utf8mb4_persian_ci",
    },
    Collation {
        id: 241,
        charset: "utf8mb4",
        name: "utf8mb4_esperanto_ci",
    },
    Collation {
        id: 242,
        charset: "utf8mb4",
        name: "utf8mb4_hungarian_ci",
    },
    Collation {
        id: 243,
        charset: "utf8mb4",
        name: "utf8mb4_sinhala_ci",
    },
    Collation {
        id: 244,
        charset: "utf8mb4",
        name: "utf8mb4_german2_ci",
    },
    Collation {
        id: 245,
        charset: "utf8mb4",
        name: "utf8mb4_croatian_mysql561_ci",
    },
    Collation {
        id: 246,
        charset: "utf8mb4",
        name: "utf8mb4_unicode_520_ci",
    },
    Collation {
        id: 247,
        charset: "utf8mb4",
        name: "utf8mb4_vietnamese_ci",
    },
    Collation {
        id: 255,
        charset: "utf8mb4",
        name: "utf8mb4_0900_ai_ci",
    },
    Collation {
        id: 256,
        charset: "utf8mb4",
        name: "utf8mb4_de_pb_0900_ai_ci",
    },
    Collation {
        id: 257,
        charset: "utf8mb4",
        name: "utf8mb4_is_0900_ai_ci",
    },
    Collation {
        id: 258,
        charset: "utf8mb4",
        name: "utf8mb4_lv_0900_ai_ci",
    },
    Collation {
        id: 259,
        charset: "utf8mb4",
        name: "utf8mb4_ro_0900_ai_ci",
    },
    Collation {
        id: 260,
        charset: "utf8mb4",
        name: "utf8mb4_sl_0900_ai_ci",
    },
    Collation {
        id: 261,
        charset: "utf8mb4",
        name: "utf8mb4_pl_0900_ai_ci",
    },
    Collation {
        id: 262,
        charset: "utf8mb4",
        name: "utf8mb4_et_0900_ai_ci",
    },
    Collation {
        id: 263,
        charset: "utf8mb4",
        name: "utf8mb4_es_0900_ai_ci",
    },
    Collation {
        id: 264,
        charset: "utf8mb4",
        name: "utf8mb4_sv_0900_ai_ci",
    },
    Collation {
        id: 265,
        charset: "utf8mb4",
        name: "utf8mb4_tr_0900_ai_ci",
    },
    Collation {
        id: 266,
        charset: "utf8mb4",
        name: "utf8mb4_cs_0900_ai_ci",
    },
    Collation {
        id: 267,
        charset: "utf8mb4",
        name: "utf8mb4_da_0900_ai_ci",
    },
    Collation {
        id: 268,
        charset: "utf8mb4",
        name: "utf8mb4_lt_0900_ai_ci",
    },
    Collation {
        id: 269,
        charset: "utf8mb4",
        name: "utf8mb4_sk_0900_ai_ci",
    },
    Collation {
        id: 270,
        charset: "utf8mb4",
        name: "utf8mb4_es_trad_0900_ai_ci",
    },
    Collation {
        id: 271,
        charset: "utf8mb4",
        name: "utf8mb4_la_0900_ai_ci",
    },
    Collation {
        id: 273,
        charset: "utf8mb4",
        name: "utf8mb4_eo_0900_ai_ci",
    },
    Collation {
        id: 274,
        charset: "utf8mb4",
        name: "utf8mb4_hu_0900_ai_ci",
    },
    Collation {
        id: 275,
        charset: "utf8mb4",
        name: "utf8mb4_hr_0900_ai_ci",
    },
    Collation {
        id: 277,
        charset: "utf8mb4",
        name: "utf8mb4_vi_0900_ai_ci",
    },
    Collation {
        id: 278,
        charset: "utf8mb4",
        name: "utf8mb4_0900_as_cs",
    },
    Collation {
        id: 279,
        charset: "utf8mb4",
        name: "utf8mb4_de_pb_0900_as_cs",
    },
    Collation {
        id: 280,
        charset: "utf8mb4",
        name: "utf8mb4_is_0900_as_cs",
    },
    Collation {
        id: 281,
        charset: "utf8mb4",
        name: "utf8mb4_lv_0900_as_cs",
    },
    Collation {
        id: 282,
        charset: "utf8mb4",
        name: "utf8mb4_ro_0900_as_cs",
    },
    Collation {
        id: 283,
        charset: "utf8mb4",
        name: "utf8mb4_sl_0900_as_cs",
    },
    Collation {
        id: 284,
        charset: "utf8mb4",
        name: "utf8mb4_pl_0900_as_cs",
    },
    Collation {
        id: 285,
        charset: "utf8mb4",
        name: "utf8mb4_et_0900_as_cs",
    },
    Collation {
        id: 286,
        charset: "utf8mb4",
        name: "utf8mb4_es_0900_as_cs",
    },
    Collation {
        id: 287,
        charset: "utf8mb4",
        name: "utf8mb4_sv_0900_as_cs",
    },
    Collation {
        id: 288,
        charset: "utf8mb4",
        name: "utf8mb4_tr_0900_as_cs",
    },
    Collation {
        id: 289,
        charset: "utf8mb4",
        name: "utf8mb4_cs_0900_as_cs",
    },
    Collation {
        id: 290,
        charset: "utf8mb4",
        name: "utf8mb4_da_0900_as_cs",
    },
    Collation {
        id: 291,
        charset: "utf8mb4",
        name: "utf8mb4_lt_0900_as_cs",
    },
    Collation {
        id: 292,
        charset: "utf8mb4",
        name: "utf8mb4_sk_0900_as_cs",
    },
    Collation {
        id: 293,
        charset: "utf8mb4",
        name: "utf8mb4_es_trad_0900_as_cs",
    },
    Collation {
        id: 294,
        charset: "utf8mb4",
        name: "utf8mb4_la_0900_as_cs",
    },
    Collation {
        id: 296,
        charset: "utf8mb4",
        name: "utf8mb4_eo_0900_as_cs",
    },
    Collation {
        id: 297,
        charset: "utf8mb4",
        name: "utf8mb4_hu_0900_as_cs",
    },
    Collation {
        id: 298,
        charset: "utf8mb4",
        name: "utf8mb4_hr_0900_as_cs",
    },
    Collation {
        id: 300,
        charset: "utf8mb4",
        name: "utf8mb4_vi_0900_as_cs",
    },
    Collation {
        id: 303,
        charset: "utf8mb4",
        name: "utf8mb4_ja_0900_as_cs",
    },
    Collation {
        id: 304,
        charset: "utf8mb4",
        name: "utf8mb4_ja_0900_as_cs_ks",
    },
    Collation {
        id: 305,
        charset: "utf8mb4",
        name: "utf8mb4_0900_as_ci",
    },
    Collation {
        id: 306,
        charset: "utf8mb4",
        name: "utf8mb4_ru_0900_ai_ci",
    },
    Collation {
        id: 307,
        charset: "utf8mb4",
        name: "utf8mb4_ru_0900_as_cs",
    },
    Collation {
        id: 308,
        charset: "utf8mb4",
        name: "utf8mb4_zh_0900_as_cs",
    },
    Collation {
        id: 309,
        charset: "utf8mb4",
        name: "utf8mb4_0900_bin",
    },
    Collation {
        id: 310,
        charset: "utf8mb4",
        name: "utf8mb4_nb_0900_ai_ci",
    },
    Collation {
        id: 311,
        charset: "utf8mb4",
        name: "utf8mb4_nb_0900_as_cs",
    },
    Collation {
        id: 312,
        charset: "utf8mb4",
        name: "utf8mb4_nn_0900_ai_ci",
    },
    Collation {
        id: 313,
        charset: "utf8mb4",
        name: "utf8mb4_nn_0900_as_cs",
    },
    Collation {
        id: 314,
        charset: "utf8mb4",
        name: "utf8mb4_sr_latn_0900_ai_ci",
    },
    Collation {
        id: 315,
        charset: "utf8mb4",
        name: "utf8mb4_sr_latn_0900_as_cs",
    },
    Collation {
        id: 316,
        charset: "utf8mb4",
        name: "utf8mb4_bs_0900_ai_ci",
    },
    Collation {
        id: 317,
        charset: "utf8mb4",
        name: "utf8mb4_bs_0900_as_cs",
    },
    Collation {
        id: 318,
        charset: "utf8mb4",
        name: "utf8mb4_bg_0900_ai_ci",
    },
    Collation {
        id: 319,
        charset: "utf8mb4",
        name: "utf8mb4_bg_0900_as_cs",
    },
    Collation {
        id: 320,
        charset: "utf8mb4",
        name: "utf8mb4_gl_0900_ai_ci",
    },
    Collation {
        id: 321,
        charset: "utf8mb4",
        name: "utf8mb4_gl_0900_as_cs",
    },
    Collation {
        id: 322,
        charset: "utf8mb4",
        name: "utf8mb4_mn_cyrl_0900_ai_ci",
    },
    Collation {
        id: 323,
        charset: "utf8mb4",
        name: "utf8mb4_mn_cyrl_0900_as_cs",
    },
    Collation {
        id: 576,
        charset: "utf8mb3",
        name: "utf8mb3_croatian_ci",
    },
    Collation {
        id: 577,
        charset: "utf8mb3",
        name: "utf8mb3_myanmar_ci",
    },
    Collation {
        id: 578,
        charset: "utf8mb3",
        name: "utf8mb3_thai_520_w2",
    },
    Collation {
        id: 608,
        charset: "utf8mb4",
        name: "utf8mb4_croatian_ci",
    },
    Collation {
        id: 609,
        charset: "utf8mb4",
        name: "utf8mb4_myanmar_ci",
    },
    Collation {
        id: 610,
        charset: "utf8mb4",
        name: "utf8mb4_thai_520_w2",
    },
    Collation {
        id: 640,
        charset: "ucs2",
        name: "ucs2_croatian_ci",
    },
    Collation {
        id: 641,
        charset: "ucs2",
        name: "ucs2_myanmar_ci",
    },
    Collation {
        id: 642,
        charset: "ucs2",
        name: "ucs2_thai_520_w2",
    },
    Collation {
        id: 672,
        charset: "utf16",
        name: "utf16_croatian_ci",
    },
    Collation {
        id: 673,
        charset: "utf16",
        name: "utf16_myanmar_ci",
    },
    Collation {
        id: 674,
        charset: "utf16",
        name: "utf16_thai_520_w2",
    },
    Collation {
        id: 736,
        charset: "utf32",
        name: "utf32_croatian_ci",
    },
    Collation {
        id: 737,
        charset: "utf32",
        name: "utf32_myanmar_ci",
    },
    Collation {
        id: 738,
        charset: "utf32",
        name: "utf32_thai_520_w2",
    },
    Collation {
        id: 1025,
        charset: "big5",
        name: "big5_chinese_nopad_ci",
    },
    Collation {
        id: 1027,
        charset: "dec8",
        name: "dec8_swedish_nopad_ci",
    },
    Collation {
        id: 1028,
        charset: "cp850",
        name: "cp850_general_nopad_ci",
    },
    Collation {
        id: 1030,
        charset: "hp8",
        name: "hp8_english_nopad_ci",
    },
    Collation {
        id: 1031,
        charset: "koi8r",
        name: "koi8r_general_nopad_ci",
    },
    Collation {
        id: 1032,
        charset: "latin1",
        name: "latin1_swedish_nopad_ci",
    },
    Collation {
        id: 1033,
        charset: "latin2",
        name: "latin2_general_nopad_ci",
    },
    Collation {
        id: 1034,
        charset: "swe7",
        name: "swe7_swedish_nopad_ci",
    },
    Collation {
        id: 1035,
        charset: "ascii",
        name: "ascii_general_nopad_ci",
    },
    Collation {
        id: 1036,
        charset: "ujis",
        name: "ujis_japanese_nopad_ci",
    },
    Collation {
        id: 1037,
        charset: "sjis",
        name: "sjis_japanese_nopad_ci",
    },
    Collation {
        id: 1040,
        charset: "hebrew",
        name: "hebrew_general_nopad_ci",
    },
    Collation {
        id: 1042,
        charset: "tis620",
        name: "tis620_thai_nopad_ci",
    },
    Collation {
        id: 1043,
        charset: "euckr",
        name: "euckr_korean_nopad_ci",
    },
    Collation {
        id: 1046,
        charset: "koi8u",
        name: "koi8u_general_nopad_ci",
    },
    Collation {
        id: 1048,
        charset: "gb2312",
        name: "gb2312_chinese_nopad_ci",
    },
    Collation {
        id: 1049,
        charset: "greek",
        name: "greek_general_nopad_ci",
    },
    Collation {
        id: 1050,
        charset: "cp1250",
        name: "cp1250_general_nopad_ci",
    },
    Collation {
        id: 1052,
        charset: "gbk",
        name: "gbk_chinese_nopad_ci",
    },
    Collation {
        id: 1054,
        charset: "latin5",
        name: "latin5_turkish_nopad_ci",
    },
    Collation {
        id: 1056,
        charset: "armscii8",
        name: "armscii8_general_nopad_ci",
    },
    Collation {
        id: 1057,
        charset: "utf8mb3",
        name: "utf8mb3_general_nopad_ci",
    },
    Collation {
        id: 1059,
        charset: "ucs2",
        name: "ucs2_general_nopad_ci",
    },
    Collation {
        id: 1060,
        charset: "cp866",
        name: "cp866_general_nopad_ci",
    },
    Collation {
        id: 1061,
        charset: "keybcs2",
        name: "keybcs2_general_nopad_ci",
    },
    Collation {
        id: 1062,
        charset: "macce",
        name: "macce_general_nopad_ci",
    },
    Collation {
        id: 1063,
        charset: "macroman",
        name: "macroman_general_nopad_ci",
    },
    Collation {
        id: 1064,
        charset: "cp852",
        name: "cp852_general_nopad_ci",
    },
    Collation {
        id: 1065,
        charset: "latin7",
        name: "latin7_general_nopad_ci",
    },
    Collation {
        id: 1067,
        charset: "macce",
        name: "macce_nopad_bin",
    },
    Collation {
        id: 1069,
        charset: "utf8mb4",
        name: "utf8mb4_general_nopad_ci",
    },
    Collation {
        id: 1070,
        charset: "utf8mb4",
        name: "utf8mb4_nopad_bin",
    },
    Collation {
        id: 1071,
        charset: "latin1",
        name: "latin1_nopad_bin",
    },
    Collation {
        id: 1074,
        charset: "cp1251",
        name: "cp1251_nopad_bin",
    },
    Collation {
        id: 1075,
        charset: "cp1251",
        name: "cp1251_general_nopad_ci",
    },
    Collation {
        id: 1077,
        charset: "macroman",
        name: "macroman_nopad_bin",
    },
    Collation {
        id: 1078,
        charset: "utf16",
        name: "utf16_general_nopad_ci",
    },
    Collation {
        id: 1079,
        charset: "utf16",
        name: "utf16_nopad_bin",
    },
    Collation {
        id: 1080,
        charset: "utf16le",
        name: "utf16le_general_nopad_ci",
    },
    Collation {
        id: 1081,
        charset: "cp1256",
        name: "cp1256_general_nopad_ci",
    },
    Collation {
        id: 1082,
        charset: "cp1257",
        name: "cp1257_nopad_bin",
    },
    Collation {
        id: 1083,
        charset: "cp1257",
        name: "cp1257_general_nopad_ci",
    },
    Collation {
        id: 1084,
        charset: "utf32",
        name: "utf32_general_nopad_ci",
    },
    Collation {
        id: 1085,
        charset: "utf32",
        name: "utf32_nopad_bin",
    },
    Collation {
        id: 1086,
        charset: "utf16le",
        name: "utf16le_nopad_bin",
    },
    Collation {
        id: 1088,
        charset: "armscii8",
        name: "armscii8_nopad_bin",
    },
    Collation {
        id: 1089,
        charset: "ascii",
        name: "ascii_nopad_bin",
    },
    Collation {
        id: 1090,
        charset: "cp1250",
        name: "cp1250_nopad_bin",
    },
    Collation {
        id: 1091,
        charset: "cp1256",
        name: "cp1256_nopad_bin",
    },
    Collation {
        id: 1092,
        charset: "cp866",
        name: "cp866_nopad_bin",
    },
    Collation {
        id: 1093,
        charset: "dec8",
        name: "dec8_nopad_bin",
    },
    Collation {
        id: 1094,
        charset: "greek",
        name: "greek_nopad_bin",
    },
    Collation {
        id: 1095,
        charset: "hebrew",
        name: "hebrew_nopad_bin",
    },
    Collation {
        id: 1096,
        charset: "hp8",
        name: "hp8_nopad_bin",
    },
    Collation {
        id: 1097,
        charset: "keybcs2",
        name: "keybcs2_nopad_bin",
    },
    Collation {
        id: 1098,
        charset: "koi8r",
        name: "koi8r_nopad_bin",
    },
    Collation {
        id: 1099,
        charset: "koi8u",
        name: "koi8u_nopad_bin",
    },
    Collation {
        id: 1101,
        charset: "latin2",
        name: "latin2_nopad_bin",
    },
    Collation {
        id: 1102,
        charset: "latin5",
        name: "latin5_nopad_bin",
    },
    Collation {
        id: 1103,
        charset: "latin7",
        name: "latin7_nopad_bin",
    },
    Collation {
        id: 1104,
        charset: "cp850",
        name: "cp850_nopad_bin",
    },
    Collation {
        id: 1105,
        charset: "cp852",
        name: "cp852_nopad_bin",
    },
    Collation {
        id: 1106,
        charset: "swe7",
        name: "swe7_nopad_bin",
    },
    Collation {
        id: 1107,
        charset: "utf8mb3",
        name: "utf8mb3_nopad_bin",
    },
    Collation {
        id: 1108,
        charset: "big5",
        name: "big5_nopad_bin",
    },
    Collation {
        id: 1109,
        charset: "euckr",
        name: "euckr_nopad_bin",
    },
    Collation {
        id: 1110,
        charset: "gb2312",
        name: "gb2312_nopad_bin",
    },
    Collation {
        id: 1111,
        charset: "gbk",
        name: "gbk_nopad_bin",
    },
    Collation {
        id: 1112,
        charset: "sjis",
        name: "sjis_nopad_bin",
    },
    Collation {
        id: 1113,
        charset: "tis620",
        name: "tis620_nopad_bin",
    },
    Collation {
        id: 1114,
        charset: "ucs2",
        name: "ucs2_nopad_bin",
    },
    Collation {
        id: 1115,
        charset: "ujis",
        name: "ujis_nopad_bin",
    },
    Collation {
        id: 1116,
        charset: "geostd8",
        name: "geostd8_general_nopad_ci",
    },
    Collation {
        id: 1117,
        charset: "geostd8",
        name: "geostd8_nopad_bin",
    },
    Collation {
        id: 1119,
        charset: "cp932",
        name: "cp932_japanese_nopad_ci",
    },
    Collation {
        id: 1120,
        charset: "cp932",
        name: "cp932_nopad_bin",
    },
    Collation {
        id: 1121,
        charset: "eucjpms",
        name: "eucjpms_japanese_nopad_ci",
    },
    Collation {
        id: 1122,
        charset: "eucjpms",
        name: "eucjpms_nopad_bin",
    },
    Collation {
        id: 1125,
        charset: "utf16",
        name: "utf16_unicode_nopad_ci",
    },
    Collation {
        id: 1147,
        charset: "utf16",
        name: "utf16_unicode_520_nopad_ci",
    },
    Collation {
        id: 1152,
        charset: "ucs2",
        name: "ucs2_unicode_nopad_ci",
    },
    Collation {
        id: 1174,
        charset: "ucs2",
        name: "ucs2_unicode_520_nopad_ci",
    },
    Collation {
        id: 1184,
        charset: "utf32",
        name: "utf32_unicode_nopad_ci",
    },
    Collation {
        id: 1206,
        charset: "utf32",
        name: "utf32_unicode_520_nopad_ci",
    },
    Collation {
        id: 1216,
        charset: "utf8mb3",
        name: "utf8mb3_unicode_nopad_ci",
    },
    Collation {
        id: 1238,
        charset: "utf8mb3",
        name: "utf8mb3_unicode_520_nopad_ci",
    },
    Collation {
        id: 1248,
        charset: "utf8mb4",
        name: "utf8mb4_unicode_nopad_ci",
    },
    Collation {
        id: 1270,
        charset: "utf8mb4",
        name: "utf8mb4_unicode_520_nopad_ci",
    },
];

/// Each charset with its default collation (MariaDB 10.11), sorted by charset.
static DEFAULT_COLLATIONS: &[(&str, &str)] = &[
    ("armscii8", "armscii8_general_ci"),
    ("ascii", "ascii_general_ci"),
    ("big5", "big5_chinese_ci"),
    ("binary", "binary"),
    ("cp1250", "cp1250_general_ci"),
    ("cp1251", "cp1251_general_ci"),
    ("cp1256", "cp1256_general_ci"),
    ("cp1257", "cp1257_general_ci"),
    ("cp850", "cp850_general_ci"),
    ("cp852", "cp852_general_ci"),
    ("cp866", "cp866_general_ci"),
    ("cp932", "cp932_japanese_ci"),
    ("dec8", "dec8_swedish_ci"),
    ("eucjpms", "eucjpms_japanese_ci"),
    ("euckr", "euckr_korean_ci"),
    ("gb2312", "gb2312_chinese_ci"),
    ("gbk", "gbk_chinese_ci"),
    ("geostd8", "geostd8_general_ci"),
    ("greek", "greek_general_ci"),
    ("hebrew", "hebrew_general_ci"),
    ("hp8", "hp8_english_ci"),
    ("keybcs2", "keybcs2_general_ci"),
    ("koi8r", "koi8r_general_ci"),
    ("koi8u", "koi8u_general_ci"),
    ("latin1", "latin1_swedish_ci"),
    ("latin2", "latin2_general_ci"),
    ("latin5", "latin5_turkish_ci"),
    ("latin7", "latin7_general_ci"),
    ("macce", "macce_general_ci"),
    ("macroman", "macroman_general_ci"),
    ("sjis", "sjis_japanese_ci"),
    ("swe7", "swe7_swedish_ci"),
    ("tis620", "tis620_thai_ci"),
    ("ucs2", "ucs2_general_ci"),
    ("ujis", "ujis_japanese_ci"),
    ("utf16", "utf16_general_ci"),
    ("utf16le", "utf16le_general_ci"),
    ("utf32", "utf32_general_ci"),
    ("utf8mb3", "utf8mb3_general_ci"),
    ("utf8mb4", "utf8mb4_general_ci"),
];

/// The collation with this id.
pub fn collation_by_id(id: u16) -> Option<&'static Collation> {
    COLLATIONS
        .binary_search_by_key(&id, |c| c.id)
        .ok()
        .and_then(|i| COLLATIONS.get(i))
}

/// The charset of the collation with this id (`8` → `latin1`).
pub fn charset_of_collation_id(id: u16) -> Option<&'static str> {
    collation_by_id(id).map(|c| c.charset)
}

/// The collation with this name, case-insensitively (`utf8_general_ci` is read as
/// MariaDB's `utf8mb3_general_ci`).
pub fn collation_by_name(name: &str) -> Option<&'static Collation> {
    let lower = name.to_ascii_lowercase();
    let wanted = match lower.strip_prefix("utf8_") {
        Some(rest) => format!("utf8mb3_{rest}"),
        None => lower,
    };
    COLLATIONS.iter().find(|c| c.name == wanted)
}

/// The charset of the collation with this name (`latin1_swedish_ci` → `latin1`).
pub fn charset_of_collation_name(name: &str) -> Option<&'static str> {
    collation_by_name(name).map(|c| c.charset)
}

/// The default collation of a charset (`latin1` → `latin1_swedish_ci`);
/// `utf8` is read as `utf8mb3`.
pub fn default_collation(charset: &str) -> Option<&'static str> {
    let lower = charset.to_ascii_lowercase();
    let wanted = if lower == "utf8" {
        "utf8mb3"
    } else {
        lower.as_str()
    };
    DEFAULT_COLLATIONS
        .binary_search_by_key(&wanted, |(cs, _)| cs)
        .ok()
        .and_then(|i| DEFAULT_COLLATIONS.get(i))
        .map(|(_, co)| *co)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_and_unique() {
        assert!(COLLATIONS.windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn well_known_ids() {
        // MariaDB manual "Supported Character Sets and Collations" / MySQL 8.0
        // "Character Sets and Collations in MySQL" ids.
        assert_eq!(charset_of_collation_id(8), Some("latin1"));
        assert_eq!(
            collation_by_id(8).map(|c| c.name),
            Some("latin1_swedish_ci")
        );
        assert_eq!(
            collation_by_id(33).map(|c| c.name),
            Some("utf8mb3_general_ci")
        );
        assert_eq!(
            collation_by_id(45).map(|c| c.name),
            Some("utf8mb4_general_ci")
        );
        assert_eq!(collation_by_id(46).map(|c| c.name), Some("utf8mb4_bin"));
        assert_eq!(collation_by_id(63).map(|c| c.name), Some("binary"));
        assert_eq!(
            collation_by_id(255).map(|c| c.name),
            Some("utf8mb4_0900_ai_ci")
        );
        assert_eq!(charset_of_collation_id(224), Some("utf8mb4"));
        assert_eq!(charset_of_collation_id(9999), None);
    }

    #[test]
    fn names_and_defaults() {
        assert_eq!(
            charset_of_collation_name("LATIN1_SWEDISH_CI"),
            Some("latin1")
        );
        assert_eq!(
            charset_of_collation_name("utf8_general_ci"),
            Some("utf8mb3")
        );
        assert_eq!(default_collation("latin1"), Some("latin1_swedish_ci"));
        assert_eq!(default_collation("utf8mb4"), Some("utf8mb4_general_ci"));
        assert_eq!(default_collation("utf8"), Some("utf8mb3_general_ci"));
        assert_eq!(default_collation("nope"), None);
    }
}
