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

const fn c(id: u16, charset: &'static str, name: &'static str) -> Collation {
    Collation { id, charset, name }
}

/// Every known collation, sorted by id.
pub static COLLATIONS: &[Collation] = &[
    c(1, "big5", "big5_chinese_ci"),
    c(2, "latin2", "latin2_czech_cs"),
    c(3, "dec8", "dec8_swedish_ci"),
    c(4, "cp850", "cp850_general_ci"),
    c(5, "latin1", "latin1_german1_ci"),
    c(6, "hp8", "hp8_english_ci"),
    c(7, "koi8r", "koi8r_general_ci"),
    c(8, "latin1", "latin1_swedish_ci"),
    c(9, "latin2", "latin2_general_ci"),
    c(10, "swe7", "swe7_swedish_ci"),
    c(11, "ascii", "ascii_general_ci"),
    c(12, "ujis", "ujis_japanese_ci"),
    c(13, "sjis", "sjis_japanese_ci"),
    c(14, "cp1251", "cp1251_bulgarian_ci"),
    c(15, "latin1", "latin1_danish_ci"),
    c(16, "hebrew", "hebrew_general_ci"),
    c(18, "tis620", "tis620_thai_ci"),
    c(19, "euckr", "euckr_korean_ci"),
    c(20, "latin7", "latin7_estonian_cs"),
    c(21, "latin2", "latin2_hungarian_ci"),
    c(22, "koi8u", "koi8u_general_ci"),
    c(23, "cp1251", "cp1251_ukrainian_ci"),
    c(24, "gb2312", "gb2312_chinese_ci"),
    c(25, "greek", "greek_general_ci"),
    c(26, "cp1250", "cp1250_general_ci"),
    c(27, "latin2", "latin2_croatian_ci"),
    c(28, "gbk", "gbk_chinese_ci"),
    c(29, "cp1257", "cp1257_lithuanian_ci"),
    c(30, "latin5", "latin5_turkish_ci"),
    c(31, "latin1", "latin1_german2_ci"),
    c(32, "armscii8", "armscii8_general_ci"),
    c(33, "utf8mb3", "utf8mb3_general_ci"),
    c(34, "cp1250", "cp1250_czech_cs"),
    c(35, "ucs2", "ucs2_general_ci"),
    c(36, "cp866", "cp866_general_ci"),
    c(37, "keybcs2", "keybcs2_general_ci"),
    c(38, "macce", "macce_general_ci"),
    c(39, "macroman", "macroman_general_ci"),
    c(40, "cp852", "cp852_general_ci"),
    c(41, "latin7", "latin7_general_ci"),
    c(42, "latin7", "latin7_general_cs"),
    c(43, "macce", "macce_bin"),
    c(44, "cp1250", "cp1250_croatian_ci"),
    c(45, "utf8mb4", "utf8mb4_general_ci"),
    c(46, "utf8mb4", "utf8mb4_bin"),
    c(47, "latin1", "latin1_bin"),
    c(48, "latin1", "latin1_general_ci"),
    c(49, "latin1", "latin1_general_cs"),
    c(50, "cp1251", "cp1251_bin"),
    c(51, "cp1251", "cp1251_general_ci"),
    c(52, "cp1251", "cp1251_general_cs"),
    c(53, "macroman", "macroman_bin"),
    c(54, "utf16", "utf16_general_ci"),
    c(55, "utf16", "utf16_bin"),
    c(56, "utf16le", "utf16le_general_ci"),
    c(57, "cp1256", "cp1256_general_ci"),
    c(58, "cp1257", "cp1257_bin"),
    c(59, "cp1257", "cp1257_general_ci"),
    c(60, "utf32", "utf32_general_ci"),
    c(61, "utf32", "utf32_bin"),
    c(62, "utf16le", "utf16le_bin"),
    c(63, "binary", "binary"),
    c(64, "armscii8", "armscii8_bin"),
    c(65, "ascii", "ascii_bin"),
    c(66, "cp1250", "cp1250_bin"),
    c(67, "cp1256", "cp1256_bin"),
    c(68, "cp866", "cp866_bin"),
    c(69, "dec8", "dec8_bin"),
    c(70, "greek", "greek_bin"),
    c(71, "hebrew", "hebrew_bin"),
    c(72, "hp8", "hp8_bin"),
    c(73, "keybcs2", "keybcs2_bin"),
    c(74, "koi8r", "koi8r_bin"),
    c(75, "koi8u", "koi8u_bin"),
    c(76, "utf8mb3", "utf8mb3_tolower_ci"),
    c(77, "latin2", "latin2_bin"),
    c(78, "latin5", "latin5_bin"),
    c(79, "latin7", "latin7_bin"),
    c(80, "cp850", "cp850_bin"),
    c(81, "cp852", "cp852_bin"),
    c(82, "swe7", "swe7_bin"),
    c(83, "utf8mb3", "utf8mb3_bin"),
    c(84, "big5", "big5_bin"),
    c(85, "euckr", "euckr_bin"),
    c(86, "gb2312", "gb2312_bin"),
    c(87, "gbk", "gbk_bin"),
    c(88, "sjis", "sjis_bin"),
    c(89, "tis620", "tis620_bin"),
    c(90, "ucs2", "ucs2_bin"),
    c(91, "ujis", "ujis_bin"),
    c(92, "geostd8", "geostd8_general_ci"),
    c(93, "geostd8", "geostd8_bin"),
    c(94, "latin1", "latin1_spanish_ci"),
    c(95, "cp932", "cp932_japanese_ci"),
    c(96, "cp932", "cp932_bin"),
    c(97, "eucjpms", "eucjpms_japanese_ci"),
    c(98, "eucjpms", "eucjpms_bin"),
    c(99, "cp1250", "cp1250_polish_ci"),
    c(101, "utf16", "utf16_unicode_ci"),
    c(102, "utf16", "utf16_icelandic_ci"),
    c(103, "utf16", "utf16_latvian_ci"),
    c(104, "utf16", "utf16_romanian_ci"),
    c(105, "utf16", "utf16_slovenian_ci"),
    c(106, "utf16", "utf16_polish_ci"),
    c(107, "utf16", "utf16_estonian_ci"),
    c(108, "utf16", "utf16_spanish_ci"),
    c(109, "utf16", "utf16_swedish_ci"),
    c(110, "utf16", "utf16_turkish_ci"),
    c(111, "utf16", "utf16_czech_ci"),
    c(112, "utf16", "utf16_danish_ci"),
    c(113, "utf16", "utf16_lithuanian_ci"),
    c(114, "utf16", "utf16_slovak_ci"),
    c(115, "utf16", "utf16_spanish2_ci"),
    c(116, "utf16", "utf16_roman_ci"),
    c(117, "utf16", "utf16_persian_ci"),
    c(118, "utf16", "utf16_esperanto_ci"),
    c(119, "utf16", "utf16_hungarian_ci"),
    c(120, "utf16", "utf16_sinhala_ci"),
    c(121, "utf16", "utf16_german2_ci"),
    c(122, "utf16", "utf16_croatian_mysql561_ci"),
    c(123, "utf16", "utf16_unicode_520_ci"),
    c(124, "utf16", "utf16_vietnamese_ci"),
    c(128, "ucs2", "ucs2_unicode_ci"),
    c(129, "ucs2", "ucs2_icelandic_ci"),
    c(130, "ucs2", "ucs2_latvian_ci"),
    c(131, "ucs2", "ucs2_romanian_ci"),
    c(132, "ucs2", "ucs2_slovenian_ci"),
    c(133, "ucs2", "ucs2_polish_ci"),
    c(134, "ucs2", "ucs2_estonian_ci"),
    c(135, "ucs2", "ucs2_spanish_ci"),
    c(136, "ucs2", "ucs2_swedish_ci"),
    c(137, "ucs2", "ucs2_turkish_ci"),
    c(138, "ucs2", "ucs2_czech_ci"),
    c(139, "ucs2", "ucs2_danish_ci"),
    c(140, "ucs2", "ucs2_lithuanian_ci"),
    c(141, "ucs2", "ucs2_slovak_ci"),
    c(142, "ucs2", "ucs2_spanish2_ci"),
    c(143, "ucs2", "ucs2_roman_ci"),
    c(144, "ucs2", "ucs2_persian_ci"),
    c(145, "ucs2", "ucs2_esperanto_ci"),
    c(146, "ucs2", "ucs2_hungarian_ci"),
    c(147, "ucs2", "ucs2_sinhala_ci"),
    c(148, "ucs2", "ucs2_german2_ci"),
    c(149, "ucs2", "ucs2_croatian_mysql561_ci"),
    c(150, "ucs2", "ucs2_unicode_520_ci"),
    c(151, "ucs2", "ucs2_vietnamese_ci"),
    c(159, "ucs2", "ucs2_general_mysql500_ci"),
    c(160, "utf32", "utf32_unicode_ci"),
    c(161, "utf32", "utf32_icelandic_ci"),
    c(162, "utf32", "utf32_latvian_ci"),
    c(163, "utf32", "utf32_romanian_ci"),
    c(164, "utf32", "utf32_slovenian_ci"),
    c(165, "utf32", "utf32_polish_ci"),
    c(166, "utf32", "utf32_estonian_ci"),
    c(167, "utf32", "utf32_spanish_ci"),
    c(168, "utf32", "utf32_swedish_ci"),
    c(169, "utf32", "utf32_turkish_ci"),
    c(170, "utf32", "utf32_czech_ci"),
    c(171, "utf32", "utf32_danish_ci"),
    c(172, "utf32", "utf32_lithuanian_ci"),
    c(173, "utf32", "utf32_slovak_ci"),
    c(174, "utf32", "utf32_spanish2_ci"),
    c(175, "utf32", "utf32_roman_ci"),
    c(176, "utf32", "utf32_persian_ci"),
    c(177, "utf32", "utf32_esperanto_ci"),
    c(178, "utf32", "utf32_hungarian_ci"),
    c(179, "utf32", "utf32_sinhala_ci"),
    c(180, "utf32", "utf32_german2_ci"),
    c(181, "utf32", "utf32_croatian_mysql561_ci"),
    c(182, "utf32", "utf32_unicode_520_ci"),
    c(183, "utf32", "utf32_vietnamese_ci"),
    c(192, "utf8mb3", "utf8mb3_unicode_ci"),
    c(193, "utf8mb3", "utf8mb3_icelandic_ci"),
    c(194, "utf8mb3", "utf8mb3_latvian_ci"),
    c(195, "utf8mb3", "utf8mb3_romanian_ci"),
    c(196, "utf8mb3", "utf8mb3_slovenian_ci"),
    c(197, "utf8mb3", "utf8mb3_polish_ci"),
    c(198, "utf8mb3", "utf8mb3_estonian_ci"),
    c(199, "utf8mb3", "utf8mb3_spanish_ci"),
    c(200, "utf8mb3", "utf8mb3_swedish_ci"),
    c(201, "utf8mb3", "utf8mb3_turkish_ci"),
    c(202, "utf8mb3", "utf8mb3_czech_ci"),
    c(203, "utf8mb3", "utf8mb3_danish_ci"),
    c(204, "utf8mb3", "utf8mb3_lithuanian_ci"),
    c(205, "utf8mb3", "utf8mb3_slovak_ci"),
    c(206, "utf8mb3", "utf8mb3_spanish2_ci"),
    c(207, "utf8mb3", "utf8mb3_roman_ci"),
    c(208, "utf8mb3", "utf8mb3_persian_ci"),
    c(209, "utf8mb3", "utf8mb3_esperanto_ci"),
    c(210, "utf8mb3", "utf8mb3_hungarian_ci"),
    c(211, "utf8mb3", "utf8mb3_sinhala_ci"),
    c(212, "utf8mb3", "utf8mb3_german2_ci"),
    c(213, "utf8mb3", "utf8mb3_croatian_mysql561_ci"),
    c(214, "utf8mb3", "utf8mb3_unicode_520_ci"),
    c(215, "utf8mb3", "utf8mb3_vietnamese_ci"),
    c(223, "utf8mb3", "utf8mb3_general_mysql500_ci"),
    c(224, "utf8mb4", "utf8mb4_unicode_ci"),
    c(225, "utf8mb4", "utf8mb4_icelandic_ci"),
    c(226, "utf8mb4", "utf8mb4_latvian_ci"),
    c(227, "utf8mb4", "utf8mb4_romanian_ci"),
    c(228, "utf8mb4", "utf8mb4_slovenian_ci"),
    c(229, "utf8mb4", "utf8mb4_polish_ci"),
    c(230, "utf8mb4", "utf8mb4_estonian_ci"),
    c(231, "utf8mb4", "utf8mb4_spanish_ci"),
    c(232, "utf8mb4", "utf8mb4_swedish_ci"),
    c(233, "utf8mb4", "utf8mb4_turkish_ci"),
    c(234, "utf8mb4", "utf8mb4_czech_ci"),
    c(235, "utf8mb4", "utf8mb4_danish_ci"),
    c(236, "utf8mb4", "utf8mb4_lithuanian_ci"),
    c(237, "utf8mb4", "utf8mb4_slovak_ci"),
    c(238, "utf8mb4", "utf8mb4_spanish2_ci"),
    c(239, "utf8mb4", "utf8mb4_roman_ci"),
    c(240, "utf8mb4", "utf8mb4_persian_ci"),
    c(241, "utf8mb4", "utf8mb4_esperanto_ci"),
    c(242, "utf8mb4", "utf8mb4_hungarian_ci"),
    c(243, "utf8mb4", "utf8mb4_sinhala_ci"),
    c(244, "utf8mb4", "utf8mb4_german2_ci"),
    c(245, "utf8mb4", "utf8mb4_croatian_mysql561_ci"),
    c(246, "utf8mb4", "utf8mb4_unicode_520_ci"),
    c(247, "utf8mb4", "utf8mb4_vietnamese_ci"),
    c(255, "utf8mb4", "utf8mb4_0900_ai_ci"),
    c(256, "utf8mb4", "utf8mb4_de_pb_0900_ai_ci"),
    c(257, "utf8mb4", "utf8mb4_is_0900_ai_ci"),
    c(258, "utf8mb4", "utf8mb4_lv_0900_ai_ci"),
    c(259, "utf8mb4", "utf8mb4_ro_0900_ai_ci"),
    c(260, "utf8mb4", "utf8mb4_sl_0900_ai_ci"),
    c(261, "utf8mb4", "utf8mb4_pl_0900_ai_ci"),
    c(262, "utf8mb4", "utf8mb4_et_0900_ai_ci"),
    c(263, "utf8mb4", "utf8mb4_es_0900_ai_ci"),
    c(264, "utf8mb4", "utf8mb4_sv_0900_ai_ci"),
    c(265, "utf8mb4", "utf8mb4_tr_0900_ai_ci"),
    c(266, "utf8mb4", "utf8mb4_cs_0900_ai_ci"),
    c(267, "utf8mb4", "utf8mb4_da_0900_ai_ci"),
    c(268, "utf8mb4", "utf8mb4_lt_0900_ai_ci"),
    c(269, "utf8mb4", "utf8mb4_sk_0900_ai_ci"),
    c(270, "utf8mb4", "utf8mb4_es_trad_0900_ai_ci"),
    c(271, "utf8mb4", "utf8mb4_la_0900_ai_ci"),
    c(273, "utf8mb4", "utf8mb4_eo_0900_ai_ci"),
    c(274, "utf8mb4", "utf8mb4_hu_0900_ai_ci"),
    c(275, "utf8mb4", "utf8mb4_hr_0900_ai_ci"),
    c(277, "utf8mb4", "utf8mb4_vi_0900_ai_ci"),
    c(278, "utf8mb4", "utf8mb4_0900_as_cs"),
    c(279, "utf8mb4", "utf8mb4_de_pb_0900_as_cs"),
    c(280, "utf8mb4", "utf8mb4_is_0900_as_cs"),
    c(281, "utf8mb4", "utf8mb4_lv_0900_as_cs"),
    c(282, "utf8mb4", "utf8mb4_ro_0900_as_cs"),
    c(283, "utf8mb4", "utf8mb4_sl_0900_as_cs"),
    c(284, "utf8mb4", "utf8mb4_pl_0900_as_cs"),
    c(285, "utf8mb4", "utf8mb4_et_0900_as_cs"),
    c(286, "utf8mb4", "utf8mb4_es_0900_as_cs"),
    c(287, "utf8mb4", "utf8mb4_sv_0900_as_cs"),
    c(288, "utf8mb4", "utf8mb4_tr_0900_as_cs"),
    c(289, "utf8mb4", "utf8mb4_cs_0900_as_cs"),
    c(290, "utf8mb4", "utf8mb4_da_0900_as_cs"),
    c(291, "utf8mb4", "utf8mb4_lt_0900_as_cs"),
    c(292, "utf8mb4", "utf8mb4_sk_0900_as_cs"),
    c(293, "utf8mb4", "utf8mb4_es_trad_0900_as_cs"),
    c(294, "utf8mb4", "utf8mb4_la_0900_as_cs"),
    c(296, "utf8mb4", "utf8mb4_eo_0900_as_cs"),
    c(297, "utf8mb4", "utf8mb4_hu_0900_as_cs"),
    c(298, "utf8mb4", "utf8mb4_hr_0900_as_cs"),
    c(300, "utf8mb4", "utf8mb4_vi_0900_as_cs"),
    c(303, "utf8mb4", "utf8mb4_ja_0900_as_cs"),
    c(304, "utf8mb4", "utf8mb4_ja_0900_as_cs_ks"),
    c(305, "utf8mb4", "utf8mb4_0900_as_ci"),
    c(306, "utf8mb4", "utf8mb4_ru_0900_ai_ci"),
    c(307, "utf8mb4", "utf8mb4_ru_0900_as_cs"),
    c(308, "utf8mb4", "utf8mb4_zh_0900_as_cs"),
    c(309, "utf8mb4", "utf8mb4_0900_bin"),
    c(310, "utf8mb4", "utf8mb4_nb_0900_ai_ci"),
    c(311, "utf8mb4", "utf8mb4_nb_0900_as_cs"),
    c(312, "utf8mb4", "utf8mb4_nn_0900_ai_ci"),
    c(313, "utf8mb4", "utf8mb4_nn_0900_as_cs"),
    c(314, "utf8mb4", "utf8mb4_sr_latn_0900_ai_ci"),
    c(315, "utf8mb4", "utf8mb4_sr_latn_0900_as_cs"),
    c(316, "utf8mb4", "utf8mb4_bs_0900_ai_ci"),
    c(317, "utf8mb4", "utf8mb4_bs_0900_as_cs"),
    c(318, "utf8mb4", "utf8mb4_bg_0900_ai_ci"),
    c(319, "utf8mb4", "utf8mb4_bg_0900_as_cs"),
    c(320, "utf8mb4", "utf8mb4_gl_0900_ai_ci"),
    c(321, "utf8mb4", "utf8mb4_gl_0900_as_cs"),
    c(322, "utf8mb4", "utf8mb4_mn_cyrl_0900_ai_ci"),
    c(323, "utf8mb4", "utf8mb4_mn_cyrl_0900_as_cs"),
    c(576, "utf8mb3", "utf8mb3_croatian_ci"),
    c(577, "utf8mb3", "utf8mb3_myanmar_ci"),
    c(578, "utf8mb3", "utf8mb3_thai_520_w2"),
    c(608, "utf8mb4", "utf8mb4_croatian_ci"),
    c(609, "utf8mb4", "utf8mb4_myanmar_ci"),
    c(610, "utf8mb4", "utf8mb4_thai_520_w2"),
    c(640, "ucs2", "ucs2_croatian_ci"),
    c(641, "ucs2", "ucs2_myanmar_ci"),
    c(642, "ucs2", "ucs2_thai_520_w2"),
    c(672, "utf16", "utf16_croatian_ci"),
    c(673, "utf16", "utf16_myanmar_ci"),
    c(674, "utf16", "utf16_thai_520_w2"),
    c(736, "utf32", "utf32_croatian_ci"),
    c(737, "utf32", "utf32_myanmar_ci"),
    c(738, "utf32", "utf32_thai_520_w2"),
    c(1025, "big5", "big5_chinese_nopad_ci"),
    c(1027, "dec8", "dec8_swedish_nopad_ci"),
    c(1028, "cp850", "cp850_general_nopad_ci"),
    c(1030, "hp8", "hp8_english_nopad_ci"),
    c(1031, "koi8r", "koi8r_general_nopad_ci"),
    c(1032, "latin1", "latin1_swedish_nopad_ci"),
    c(1033, "latin2", "latin2_general_nopad_ci"),
    c(1034, "swe7", "swe7_swedish_nopad_ci"),
    c(1035, "ascii", "ascii_general_nopad_ci"),
    c(1036, "ujis", "ujis_japanese_nopad_ci"),
    c(1037, "sjis", "sjis_japanese_nopad_ci"),
    c(1040, "hebrew", "hebrew_general_nopad_ci"),
    c(1042, "tis620", "tis620_thai_nopad_ci"),
    c(1043, "euckr", "euckr_korean_nopad_ci"),
    c(1046, "koi8u", "koi8u_general_nopad_ci"),
    c(1048, "gb2312", "gb2312_chinese_nopad_ci"),
    c(1049, "greek", "greek_general_nopad_ci"),
    c(1050, "cp1250", "cp1250_general_nopad_ci"),
    c(1052, "gbk", "gbk_chinese_nopad_ci"),
    c(1054, "latin5", "latin5_turkish_nopad_ci"),
    c(1056, "armscii8", "armscii8_general_nopad_ci"),
    c(1057, "utf8mb3", "utf8mb3_general_nopad_ci"),
    c(1059, "ucs2", "ucs2_general_nopad_ci"),
    c(1060, "cp866", "cp866_general_nopad_ci"),
    c(1061, "keybcs2", "keybcs2_general_nopad_ci"),
    c(1062, "macce", "macce_general_nopad_ci"),
    c(1063, "macroman", "macroman_general_nopad_ci"),
    c(1064, "cp852", "cp852_general_nopad_ci"),
    c(1065, "latin7", "latin7_general_nopad_ci"),
    c(1067, "macce", "macce_nopad_bin"),
    c(1069, "utf8mb4", "utf8mb4_general_nopad_ci"),
    c(1070, "utf8mb4", "utf8mb4_nopad_bin"),
    c(1071, "latin1", "latin1_nopad_bin"),
    c(1074, "cp1251", "cp1251_nopad_bin"),
    c(1075, "cp1251", "cp1251_general_nopad_ci"),
    c(1077, "macroman", "macroman_nopad_bin"),
    c(1078, "utf16", "utf16_general_nopad_ci"),
    c(1079, "utf16", "utf16_nopad_bin"),
    c(1080, "utf16le", "utf16le_general_nopad_ci"),
    c(1081, "cp1256", "cp1256_general_nopad_ci"),
    c(1082, "cp1257", "cp1257_nopad_bin"),
    c(1083, "cp1257", "cp1257_general_nopad_ci"),
    c(1084, "utf32", "utf32_general_nopad_ci"),
    c(1085, "utf32", "utf32_nopad_bin"),
    c(1086, "utf16le", "utf16le_nopad_bin"),
    c(1088, "armscii8", "armscii8_nopad_bin"),
    c(1089, "ascii", "ascii_nopad_bin"),
    c(1090, "cp1250", "cp1250_nopad_bin"),
    c(1091, "cp1256", "cp1256_nopad_bin"),
    c(1092, "cp866", "cp866_nopad_bin"),
    c(1093, "dec8", "dec8_nopad_bin"),
    c(1094, "greek", "greek_nopad_bin"),
    c(1095, "hebrew", "hebrew_nopad_bin"),
    c(1096, "hp8", "hp8_nopad_bin"),
    c(1097, "keybcs2", "keybcs2_nopad_bin"),
    c(1098, "koi8r", "koi8r_nopad_bin"),
    c(1099, "koi8u", "koi8u_nopad_bin"),
    c(1101, "latin2", "latin2_nopad_bin"),
    c(1102, "latin5", "latin5_nopad_bin"),
    c(1103, "latin7", "latin7_nopad_bin"),
    c(1104, "cp850", "cp850_nopad_bin"),
    c(1105, "cp852", "cp852_nopad_bin"),
    c(1106, "swe7", "swe7_nopad_bin"),
    c(1107, "utf8mb3", "utf8mb3_nopad_bin"),
    c(1108, "big5", "big5_nopad_bin"),
    c(1109, "euckr", "euckr_nopad_bin"),
    c(1110, "gb2312", "gb2312_nopad_bin"),
    c(1111, "gbk", "gbk_nopad_bin"),
    c(1112, "sjis", "sjis_nopad_bin"),
    c(1113, "tis620", "tis620_nopad_bin"),
    c(1114, "ucs2", "ucs2_nopad_bin"),
    c(1115, "ujis", "ujis_nopad_bin"),
    c(1116, "geostd8", "geostd8_general_nopad_ci"),
    c(1117, "geostd8", "geostd8_nopad_bin"),
    c(1119, "cp932", "cp932_japanese_nopad_ci"),
    c(1120, "cp932", "cp932_nopad_bin"),
    c(1121, "eucjpms", "eucjpms_japanese_nopad_ci"),
    c(1122, "eucjpms", "eucjpms_nopad_bin"),
    c(1125, "utf16", "utf16_unicode_nopad_ci"),
    c(1147, "utf16", "utf16_unicode_520_nopad_ci"),
    c(1152, "ucs2", "ucs2_unicode_nopad_ci"),
    c(1174, "ucs2", "ucs2_unicode_520_nopad_ci"),
    c(1184, "utf32", "utf32_unicode_nopad_ci"),
    c(1206, "utf32", "utf32_unicode_520_nopad_ci"),
    c(1216, "utf8mb3", "utf8mb3_unicode_nopad_ci"),
    c(1238, "utf8mb3", "utf8mb3_unicode_520_nopad_ci"),
    c(1248, "utf8mb4", "utf8mb4_unicode_nopad_ci"),
    c(1270, "utf8mb4", "utf8mb4_unicode_520_nopad_ci"),
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
