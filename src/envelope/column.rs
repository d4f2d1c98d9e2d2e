//! One column's Connect schema and value converter, chosen once per table version.
//!
//! Mirrors the choices of Debezium's `BinlogValueConverters.schemaBuilder/converter`
//! and `JdbcValueConverters` (read, not copied): first by type name (JSON, geometry,
//! YEAR, ENUM, SET, unsigned integers, FLOAT), then by JDBC type. A converter is a
//! [`Conversion`] variant, and converting a value is a `match`, never an allocation.
//!
//! The handling modes are fixed per column when the converter is chosen:
//! `decimal.handling.mode`, `bigint.unsigned.handling.mode`, `binary.handling.mode`,
//! `time.precision.mode` (the [`DateRepr`]/[`TimeRepr`]/[`DateTimeRepr`] of
//! `TemporalPrecisionMode`), `enable.time.adjuster`. A value the converter cannot turn
//! into its field is a *converting failure* ([`EnvelopeError::is_converting_failure`]),
//! which `event.converting.failure.handling.mode` makes an error or a null, as
//! `TableSchemaBuilder.createValueGenerator` does; the schema parameters of
//! `column.propagate.source.type` are added to the value schema only.

use super::FixedBinKind;
use super::connect::{ConnectSchema, ConnectType};
use super::datum::{BinaryTextEncoding, Charset, Datum, DecimalValue, OwnedDatum};
use super::default_value;
use super::{
    BigintUnsignedHandling, BinaryHandling, ConvertingFailureHandling, DecimalHandling,
    EnvelopeConfig, EnvelopeError, TimePrecision,
};
use crate::binlog::{PackedDecimal, Value};
use crate::schema::{ColumnSchema, DataType, IntWidth, TableSchema};

/// How a column's binlog value becomes its Connect value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Conversion {
    /// BOOLEAN (JDBC BOOLEAN): non-zero is true.
    Boolean,
    /// BIT(1): the lowest bit.
    Bit1,
    /// BIT(M>1): `io.debezium.data.Bits`, little-endian, `len` bytes.
    Bits { len: usize },
    /// Integers, reinterpreted to the Connect width (unsigned types widen).
    Int(IntConversion),
    /// BIGINT UNSIGNED in `precise` mode: Decimal(20,0).
    BigintUnsignedPrecise,
    /// FLOAT read as float32.
    Float32,
    /// DOUBLE, or FLOAT(M,D)/FLOAT(p>24): float64.
    Float64,
    /// DECIMAL/NUMERIC.
    Decimal { scale: u32, mode: DecimalHandling },
    /// DATE; `adjust`: `enable.time.adjuster`.
    Date { repr: DateRepr, adjust: bool },
    /// TIME.
    Time { repr: TimeRepr },
    /// DATETIME; `adjust`: `enable.time.adjuster`.
    DateTime { repr: DateTimeRepr, adjust: bool },
    /// TIMESTAMP → `ZonedTimestamp` string.
    Timestamp { fsp: u8 },
    /// YEAR → `io.debezium.time.Year`.
    Year,
    /// Character strings in the column charset.
    Text { charset: Charset },
    /// Binary strings; `pad_to` is BINARY(n)'s n.
    Binary { pad_to: usize, mode: BinaryHandling },
    /// ENUM → member name.
    Enum,
    /// SET → members joined with ','.
    Set,
    /// JSON → text (`io.debezium.data.Json`).
    Json,
    /// GEOMETRY and non-point subtypes.
    Geometry,
    /// POINT.
    Point,
    /// VECTOR(n) → `io.debezium.data.FloatVector` (little-endian float32s).
    Vector,
    /// MariaDB UUID/INET4/INET6 → their text form.
    FixedBin(FixedBinKind),
}

/// How a DATE is written (`time.precision.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRepr {
    /// Epoch days (`io.debezium.time.Date`, or Connect's `Date`, which JSON writes the same).
    EpochDays,
    /// `IsoDate`: `2021-08-16Z`.
    Iso,
}

/// How a TIME is written (`time.precision.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeRepr {
    /// `MicroTime`: signed microseconds, any TIME value.
    Micros,
    /// `NanoTime`: signed nanoseconds, any TIME value.
    Nanos,
    /// Connect's `Time`: milliseconds of a day, 00:00:00 to 24:00:00 only.
    Millis,
    /// `IsoTime`: `12:34:56.789Z`, 00:00:00 to 24:00:00 only.
    Iso,
}

/// How a DATETIME is written (`time.precision.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTimeRepr {
    /// Epoch milliseconds (`io.debezium.time.Timestamp` or Connect's `Timestamp`).
    Millis,
    /// `MicroTimestamp`.
    Micros,
    /// `NanoTimestamp` (overflows outside 1677-2262).
    Nanos,
    /// `IsoTimestamp`: `2021-08-16T10:11:12.345Z`.
    Iso,
}

/// The Connect value of a DATE `days` after the epoch (`JdbcValueConverters.convertDate`).
pub(crate) fn date_datum<'x>(repr: DateRepr, days: i64) -> Datum<'x> {
    match repr {
        DateRepr::EpochDays => Datum::Int(days),
        DateRepr::Iso => Datum::IsoDate { days },
    }
}

/// The Connect value of a TIME of `micros` (signed), or why it has none
/// (`Time.toMilliOfDay`, `IsoTime.toIsoString`: only 00:00:00 to 24:00:00).
pub(crate) fn time_datum<'x>(repr: TimeRepr, micros: i64) -> Result<Datum<'x>, &'static str> {
    const DAY: i64 = 86_400_000_000;
    let in_day = (0..=DAY).contains(&micros);
    match repr {
        TimeRepr::Micros => Ok(Datum::Int(micros)),
        TimeRepr::Nanos => Ok(Datum::Int(micros * 1000)),
        TimeRepr::Millis if in_day => Ok(Datum::Int(micros / 1000)),
        // LocalTime.of(0, 0).plus(duration): 24:00:00 wraps to 00:00.
        TimeRepr::Iso if in_day => Ok(Datum::IsoTime {
            micros_of_day: micros % DAY,
        }),
        TimeRepr::Millis | TimeRepr::Iso => {
            Err("a time between 00:00:00 and 24:00:00 (time.precision.mode connect/isostring)")
        }
    }
}

/// The Connect value of a DATETIME `micros` after the epoch, or why it has none.
/// `NanoTimestamp.toEpochNanos` multiplies the epoch day by the nanoseconds of a day
/// before adding the time of day, so every time on 1677-09-21 overflows too, although
/// its later instants fit an `i64`.
pub(crate) fn datetime_datum<'x>(
    repr: DateTimeRepr,
    micros: i64,
) -> Result<Datum<'x>, &'static str> {
    const MICROS_PER_DAY: i64 = 86_400_000_000;
    match repr {
        DateTimeRepr::Millis => Ok(Datum::Int(micros.div_euclid(1000))),
        DateTimeRepr::Micros => Ok(Datum::Int(micros)),
        DateTimeRepr::Nanos => micros
            .div_euclid(MICROS_PER_DAY)
            .checked_mul(MICROS_PER_DAY * 1000)
            .and_then(|day| day.checked_add(micros.rem_euclid(MICROS_PER_DAY) * 1000))
            .map(Datum::Int)
            .ok_or("a datetime within INT64 epoch nanoseconds (1677-09-22 to 2262-04-11)"),
        DateTimeRepr::Iso => Ok(Datum::ZonedTimestamp {
            epoch_seconds: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) * 1000) as u32,
            fraction_digits: None,
        }),
    }
}

/// Integer reinterpretations (`BinlogUnsignedIntegerConverter` for the unsigned ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntConversion {
    /// Signed, value kept.
    Signed,
    /// TINYINT UNSIGNED: low 8 bits.
    U8,
    /// SMALLINT UNSIGNED: low 16 bits.
    U16,
    /// MEDIUMINT UNSIGNED: low 24 bits.
    U24,
    /// INT UNSIGNED: low 32 bits.
    U32,
}

/// One column of a [`super::TableEnvelope`]: its field schema and converter.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnConverter {
    /// Field name: the column name, adjusted by `field.name.adjustment.mode`.
    pub name: String,
    /// The field's Connect schema (with default and doc).
    pub schema: ConnectSchema,
    pub(crate) conversion: Conversion,
    /// ENUM/SET members, unquoted.
    pub(crate) members: Vec<String>,
    /// What a NULL becomes in a NOT NULL column: the default, else the converter's
    /// fallback (`JdbcValueConverters.convertValue`).
    pub(crate) replacement: Option<OwnedDatum>,
    /// Column type name for error messages.
    pub(crate) type_name: String,
    /// `event.converting.failure.handling.mode`.
    pub(crate) on_failure: ConvertingFailureHandling,
}

impl ColumnConverter {
    /// Chooses the schema and converter of `col` under `cfg`.
    pub fn new(
        table: &TableSchema,
        col: &ColumnSchema,
        cfg: &EnvelopeConfig,
    ) -> Result<Self, EnvelopeError> {
        let (conversion, mut schema, members) = choose(table, col, cfg)?;
        if col.optional {
            schema.optional = true;
        }
        // The schema tracker keeps comments only with include.schema.comments.
        if cfg.include_schema_comments && col.comment.is_some() {
            schema.doc = col.comment.clone();
        }
        let mut converter = ColumnConverter {
            name: cfg.field_name_adjustment.field_name(&col.name).into_owned(),
            schema,
            conversion,
            members,
            replacement: None,
            type_name: col.type_name.clone(),
            on_failure: cfg.converting_failure,
        };
        let default = col
            .default_value_expression
            .as_deref()
            .and_then(|expr| default_value::parse(&converter, col, expr));
        converter.schema.default = default.clone();
        if !col.optional {
            converter.replacement = default.or_else(|| fallback(&converter.conversion));
        }
        Ok(converter)
    }

    /// The value schema of this column's field with the `__debezium.source.column.*`
    /// parameters of `column.propagate.source.type` / `datatype.propagate.source.type`
    /// (`PropagateSourceMetadataToSchemaParameter.alterFieldSchema`); the key schema
    /// never has them.
    pub(crate) fn value_field_schema(
        &self,
        table: &TableSchema,
        col: &ColumnSchema,
        cfg: &EnvelopeConfig,
    ) -> ConnectSchema {
        let mut schema = self.schema.clone();
        if cfg
            .propagate_source_type
            .applies(&table.id, &col.name, &col.type_name)
        {
            schema = schema.param(
                "__debezium.source.column.type",
                col.type_name.to_uppercase(),
            );
            if let Some(length) = col.length {
                schema = schema.param("__debezium.source.column.length", length.to_string());
            }
            if let Some(scale) = col.scale {
                schema = schema.param("__debezium.source.column.scale", scale.to_string());
            }
            if let Some(comment) = col.comment.as_deref().filter(|c| !c.is_empty()) {
                schema = schema.param("__debezium.source.column.comment", comment);
            }
            schema = schema.param("__debezium.source.column.name", col.name.as_str());
        }
        schema
    }

    /// The Connect value of `value` (a NULL in a NOT NULL column becomes the default or
    /// Debezium's fallback). A value the converter cannot convert follows
    /// `event.converting.failure.handling.mode`: an error with `fail`, else null (with a
    /// warning under `warn`) — in a nullable column only: Debezium's `Struct.validate`
    /// rejects the null a NOT NULL field would get, so there it is an error in any mode.
    pub fn convert<'x>(&'x self, value: &Value<'x>) -> Result<Datum<'x>, EnvelopeError> {
        let datum = match self.convert_raw(value) {
            Ok(datum) => datum,
            Err(error)
                if error.is_converting_failure()
                    && self.schema.optional
                    && self.on_failure != ConvertingFailureHandling::Fail =>
            {
                if self.on_failure == ConvertingFailureHandling::Warn {
                    tracing::warn!(
                        column = %self.name,
                        "failed to convert a value, the field is null \
                         (event.converting.failure.handling.mode=warn): {error}"
                    );
                }
                return Ok(Datum::Null);
            }
            Err(error) => return Err(error),
        };
        if matches!(datum, Datum::Null) && !self.schema.optional {
            return Ok(self.replacement.as_ref().map_or(Datum::Null, Datum::Owned));
        }
        Ok(datum)
    }

    fn mismatch(&self, expected: &'static str, value: &Value<'_>) -> EnvelopeError {
        EnvelopeError::ValueMismatch {
            column: self.name.clone(),
            type_name: self.type_name.clone(),
            expected,
            found: format!("{value:?}"),
        }
    }

    /// The representable range of the column's Connect type does not hold `value`.
    fn out_of_range(&self, expected: &'static str, value: &Value<'_>) -> EnvelopeError {
        EnvelopeError::OutOfRange {
            column: self.name.clone(),
            type_name: self.type_name.clone(),
            expected,
            found: format!("{value:?}"),
        }
    }

    fn convert_raw<'x>(&'x self, value: &Value<'x>) -> Result<Datum<'x>, EnvelopeError> {
        if matches!(value, Value::Null | Value::Absent) {
            return Ok(Datum::Null);
        }
        match &self.conversion {
            Conversion::Boolean => match value {
                // Debezium: `((Number) data).intValue() != 0`.
                Value::Int(v) => Ok(Datum::Boolean(*v as i32 != 0)),
                Value::Bit(b) => Ok(Datum::Boolean(b.last().is_some_and(|x| x & 1 != 0))),
                _ => Err(self.mismatch("an integer", value)),
            },
            Conversion::Bit1 => match value {
                Value::Bit(b) => Ok(Datum::Boolean(b.last().is_some_and(|x| x & 1 != 0))),
                Value::Int(v) => Ok(Datum::Boolean(*v as i32 != 0)),
                _ => Err(self.mismatch("BIT bytes", value)),
            },
            Conversion::Bits { len } => match value {
                Value::Bit(b) => Ok(Datum::BitsLittleEndian {
                    big_endian: b,
                    len: *len,
                }),
                _ => Err(self.mismatch("BIT bytes", value)),
            },
            Conversion::Int(kind) => match value {
                Value::Int(v) => Ok(Datum::Int(reinterpret(*v, *kind))),
                _ => Err(self.mismatch("an integer", value)),
            },
            Conversion::BigintUnsignedPrecise => match value {
                Value::Int(v) => Ok(Datum::Decimal(DecimalValue::Small(i128::from(*v as u64)))),
                _ => Err(self.mismatch("an integer", value)),
            },
            Conversion::Float32 => match value {
                Value::Float(f) => Ok(Datum::Float32(*f)),
                Value::Double(d) => Ok(Datum::Float32(*d as f32)),
                _ => Err(self.mismatch("a FLOAT", value)),
            },
            Conversion::Float64 => match value {
                Value::Float(f) => Ok(Datum::Float64(f64::from(*f))),
                Value::Double(d) => Ok(Datum::Float64(*d)),
                _ => Err(self.mismatch("a DOUBLE", value)),
            },
            Conversion::Decimal { scale, mode } => match value {
                Value::Decimal(d) => {
                    let unscaled = unpack_decimal(d)
                        .ok_or_else(|| self.mismatch("a packed DECIMAL", value))?;
                    Ok(decimal_datum(unscaled, *scale, *mode))
                }
                _ => Err(self.mismatch("a DECIMAL", value)),
            },
            Conversion::Date { repr, adjust } => match value {
                Value::Date(d) => Ok(self
                    .date_days(d.year, d.month, d.day, *adjust)?
                    .map_or(Datum::Null, |days| date_datum(*repr, days))),
                _ => Err(self.mismatch("a DATE", value)),
            },
            Conversion::Time { repr } => match value {
                Value::Time(t) => {
                    let secs = i64::from(t.hours) * 3600
                        + i64::from(t.minutes) * 60
                        + i64::from(t.seconds);
                    let micros = secs * 1_000_000 + i64::from(t.micros);
                    let micros = if t.negative { -micros } else { micros };
                    time_datum(*repr, micros).map_err(|why| self.out_of_range(why, value))
                }
                _ => Err(self.mismatch("a TIME", value)),
            },
            Conversion::DateTime { repr, adjust } => match value {
                Value::DateTime(dt) => {
                    let Some(days) =
                        self.date_days(dt.date.year, dt.date.month, dt.date.day, *adjust)?
                    else {
                        return Ok(Datum::Null);
                    };
                    let secs = days * 86_400
                        + i64::from(dt.hour) * 3600
                        + i64::from(dt.minute) * 60
                        + i64::from(dt.second);
                    let total_micros = secs * 1_000_000 + i64::from(dt.micros);
                    datetime_datum(*repr, total_micros).map_err(|why| self.out_of_range(why, value))
                }
                _ => Err(self.mismatch("a DATETIME", value)),
            },
            Conversion::Timestamp { fsp } => match value {
                Value::Timestamp { seconds, micros } => {
                    if *seconds == 0 && *micros == 0 {
                        return Ok(Datum::Null);
                    }
                    Ok(Datum::ZonedTimestamp {
                        epoch_seconds: i64::from(*seconds),
                        nanos: micros.saturating_mul(1000),
                        fraction_digits: if *fsp == 0 { None } else { Some(*fsp) },
                    })
                }
                _ => Err(self.mismatch("a TIMESTAMP", value)),
            },
            Conversion::Year => match value {
                // The binlog stores YEAR as year - 1900; Debezium reads 0 (year 0000) as 1900.
                Value::Year(y) => Ok(Datum::Int(if *y == 0 { 1900 } else { i64::from(*y) })),
                Value::Int(y) => Ok(Datum::Int(*y)),
                _ => Err(self.mismatch("a YEAR", value)),
            },
            Conversion::Text { charset } => match value {
                Value::Bytes(b) => Ok(text_datum(b, *charset)),
                _ => Err(self.mismatch("string bytes", value)),
            },
            Conversion::Binary { pad_to, mode } => match value {
                Value::Bytes(b) => Ok(binary_datum(b, *pad_to, *mode)),
                _ => Err(self.mismatch("binary bytes", value)),
            },
            Conversion::Enum => match value {
                Value::Enum(i) => Ok(self.enum_member(i64::from(*i))),
                Value::Int(i) => Ok(self.enum_member(*i)),
                _ => Err(self.mismatch("an ENUM index", value)),
            },
            Conversion::Set => match value {
                Value::Set(bits) => Ok(Datum::SetMembers {
                    bits: *bits,
                    members: &self.members,
                }),
                Value::Int(bits) => Ok(Datum::SetMembers {
                    bits: *bits as u64,
                    members: &self.members,
                }),
                _ => Err(self.mismatch("a SET bitmap", value)),
            },
            Conversion::Json => match value {
                // MariaDB's JSON is text; an empty value is null (or "{}" when NOT NULL).
                Value::Bytes([]) => Ok(if self.schema.optional {
                    Datum::Null
                } else {
                    Datum::Str("{}")
                }),
                // JsonBinary.parseAsString: a first byte 0x10..=0x7F means text (MariaDB).
                Value::Bytes(b) if b.first().is_some_and(|f| (0x10..0x80).contains(f)) => {
                    Ok(text_datum(b, Charset::Utf8))
                }
                // Unreadable binary JSON is null (or "{}" when NOT NULL) when written,
                // as BinlogValueConverters.convertJson delivers it under warn/skip; under
                // fail it is an error, so only then is the document read here first.
                Value::Bytes(b) | Value::Json(b)
                    if self.on_failure == ConvertingFailureHandling::Fail
                        && super::render_json_binary(b, &mut Vec::new()).is_err() =>
                {
                    Err(self.mismatch("readable binary JSON", value))
                }
                Value::Bytes(b) | Value::Json(b) => Ok(Datum::JsonBinary {
                    bytes: b,
                    optional: self.schema.optional,
                }),
                // A PARTIAL_UPDATE_ROWS_EVENT carries only the changes to the document;
                // Debezium requires binlog_row_value_options='' for the same reason.
                Value::JsonDiff(_) => Err(self.mismatch(
                    "a whole JSON document (set binlog_row_value_options='' on the server: \
                     partial JSON updates carry only the changed paths)",
                    value,
                )),
                _ => Err(self.mismatch("JSON", value)),
            },
            // Unreadable geometry fails Debezium's converter (BinlogGeometry.fromBytes):
            // a converting failure, null under event.converting.failure.handling.mode=warn.
            Conversion::Geometry => match value {
                Value::Geometry(g) => split_geometry(g)
                    .map(|(srid, wkb)| Datum::Geometry { wkb, srid })
                    .ok_or_else(|| self.mismatch("SRID and WKB", value)),
                _ => Err(self.mismatch("a GEOMETRY", value)),
            },
            Conversion::Point => match value {
                // Point.createValue rejects a WKB that is not a 21-byte point.
                Value::Geometry(g) => split_geometry(g)
                    .and_then(|(srid, wkb)| {
                        let (x, y) = parse_wkb_point(wkb)?;
                        Some(Datum::Point { x, y, wkb, srid })
                    })
                    .ok_or_else(|| self.mismatch("SRID and a WKB POINT", value)),
                _ => Err(self.mismatch("a POINT", value)),
            },
            Conversion::Vector => match value {
                // FloatVector.fromLogical: a length that is not a multiple of 4 is an empty list.
                Value::Bytes(b) => Ok(Datum::FloatVector(if b.len() % 4 == 0 { b } else { &[] })),
                _ => Err(self.mismatch("VECTOR bytes", value)),
            },
            // The binlog packs them as CHAR(n) BINARY: trailing 0x00 bytes are cut.
            Conversion::FixedBin(kind) => match value {
                Value::Bytes(b) if b.len() <= kind.byte_len() => Ok(Datum::FixedBinText {
                    bytes: b,
                    kind: *kind,
                }),
                _ => Err(self.mismatch("the type's fixed number of bytes", value)),
            },
        }
    }

    /// Epoch days of a binlog date, as Debezium's row deserializer and
    /// `Date.toEpochDay` with the two-digit-year adjuster (`enable.time.adjuster`)
    /// compute them; `None` for zero parts. A day the month does not have (stored under
    /// `ALLOW_INVALID_DATES`) stops Debezium's row deserializer
    /// (`RowDeserializers.deserializeDate` under the default
    /// `event.processing.failure.handling.mode=fail`): an error in every converting mode.
    fn date_days(
        &self,
        year: u16,
        month: u8,
        day: u8,
        adjust: bool,
    ) -> Result<Option<i64>, EnvelopeError> {
        if year == 0 || month == 0 || day == 0 {
            return Ok(None);
        }
        // The adjuster runs after LocalDate.of, which validates the unadjusted date.
        let valid = days_from_civil(i64::from(year), u32::from(month), u32::from(day));
        if valid.is_none() {
            return Err(EnvelopeError::InvalidDate {
                column: self.name.clone(),
                found: format!("{year:04}-{month:02}-{day:02}"),
            });
        }
        if !adjust {
            return Ok(valid);
        }
        let year = adjust_two_digit_year(i64::from(year));
        Ok(days_from_civil(year, u32::from(month), u32::from(day)))
    }

    fn enum_member(&self, index: i64) -> Datum<'_> {
        if index == 0 {
            return Datum::Str("");
        }
        usize::try_from(index - 1)
            .ok()
            .and_then(|i| self.members.get(i))
            .map_or(Datum::Null, |m| Datum::Str(m.as_str()))
    }
}

/// `BinlogValueConverters.adjustTemporal`: years 0-69 → 2000-2069, 70-99 → 1970-1999.
pub(crate) fn adjust_two_digit_year(year: i64) -> i64 {
    match year {
        0..=69 => year + 2000,
        70..=99 => year + 1900,
        _ => year,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date; `None` when the date does not
/// exist (Java's `LocalDate.of` would throw).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_len = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > month_len {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn reinterpret(v: i64, kind: IntConversion) -> i64 {
    match kind {
        IntConversion::Signed => v,
        IntConversion::U8 => i64::from(v as u8),
        IntConversion::U16 => i64::from(v as u16),
        IntConversion::U24 => v & 0x00FF_FFFF,
        IntConversion::U32 => i64::from(v as u32),
    }
}

pub(crate) fn decimal_datum<'x>(
    unscaled: DecimalValue,
    scale: u32,
    mode: DecimalHandling,
) -> Datum<'x> {
    match mode {
        DecimalHandling::Precise => Datum::Decimal(unscaled),
        DecimalHandling::String => Datum::DecimalString { unscaled, scale },
        DecimalHandling::Double => {
            Datum::Float64(unscaled.to_plain_string(scale).parse().unwrap_or(0.0))
        }
    }
}

fn text_datum(bytes: &[u8], charset: Charset) -> Datum<'_> {
    if charset == Charset::Utf8
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return Datum::Str(s);
    }
    Datum::Text { bytes, charset }
}

fn binary_datum(bytes: &[u8], pad_to: usize, mode: BinaryHandling) -> Datum<'_> {
    match mode {
        BinaryHandling::Bytes => Datum::Bytes { bytes, pad_to },
        BinaryHandling::Base64 => Datum::BinaryText {
            bytes,
            pad_to,
            encoding: BinaryTextEncoding::Base64,
        },
        BinaryHandling::Base64UrlSafe => Datum::BinaryText {
            bytes,
            pad_to,
            encoding: BinaryTextEncoding::Base64UrlSafe,
        },
        BinaryHandling::Hex => Datum::BinaryText {
            bytes,
            pad_to,
            encoding: BinaryTextEncoding::Hex,
        },
    }
}

/// `BinlogGeometry.fromBytes`: a little-endian SRID (0 → null) then WKB.
fn split_geometry(bytes: &[u8]) -> Option<(Option<i32>, &[u8])> {
    let (srid, wkb) = bytes.split_first_chunk::<4>()?;
    let srid = i32::from_le_bytes(*srid);
    Some(((srid != 0).then_some(srid), wkb))
}

/// X and Y of a 21-byte WKB POINT, in the byte order its first byte says.
fn parse_wkb_point(wkb: &[u8]) -> Option<(f64, f64)> {
    if wkb.len() != 21 {
        return None;
    }
    let little = *wkb.first()? == 1;
    let read = |at: usize| -> Option<f64> {
        let raw: [u8; 8] = wkb.get(at..at + 8)?.try_into().ok()?;
        Some(if little {
            f64::from_le_bytes(raw)
        } else {
            f64::from_be_bytes(raw)
        })
    };
    Some((read(5)?, read(13)?))
}

/// Bytes used by a group of `digits` leading/trailing digits (MySQL `dig2bytes`).
const DIG2BYTES: [usize; 10] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

/// Unscaled value of a packed DECIMAL (MySQL `strings/decimal.c`, `bin2decimal`):
/// groups of 9 digits in 4 big-endian bytes, a partial group at each end, the sign in
/// the inverted top bit and negative numbers stored with every byte complemented.
pub fn unpack_decimal(d: &PackedDecimal<'_>) -> Option<DecimalValue> {
    // MySQL's DECIMAL has at most 65 digits (and so at most 8 digit groups).
    if d.precision > 65 {
        return None;
    }
    let precision = usize::from(d.precision);
    let scale = usize::from(d.scale);
    let intg = precision.checked_sub(scale)?;
    let (intg0, intg0x) = (intg / 9, intg % 9);
    let (frac0, frac0x) = (scale / 9, scale % 9);
    let size = intg0 * 4 + DIG2BYTES[intg0x] + frac0 * 4 + DIG2BYTES[frac0x];
    let bytes = d.bytes.get(..size)?;
    let first = *bytes.first()?;
    let negative = first & 0x80 == 0;
    let mask: u8 = if negative { 0xFF } else { 0x00 };
    let byte_at = |i: usize| -> u8 {
        let b = bytes.get(i).copied().unwrap_or(0) ^ mask;
        if i == 0 { b ^ 0x80 } else { b }
    };
    let read_group = |start: usize, len: usize| -> u64 {
        (0..len).fold(0u64, |acc, i| (acc << 8) | u64::from(byte_at(start + i)))
    };

    // (digits in group, group value), most significant first; at most 65 digits make
    // 7 full groups and 2 partial ones.
    let mut groups = [(0u32, 0u64); 10];
    let mut count = 0;
    let mut pos = 0;
    let mut push = |digits: usize, len: usize| {
        if let Some(slot) = groups.get_mut(count) {
            *slot = (digits as u32, read_group(pos, len));
            count += 1;
        }
        pos += len;
    };
    if intg0x > 0 {
        push(intg0x, DIG2BYTES[intg0x]);
    }
    for _ in 0..intg0 + frac0 {
        push(9, 4);
    }
    if frac0x > 0 {
        push(frac0x, DIG2BYTES[frac0x]);
    }
    let groups = groups.get(..count)?;
    if precision <= 38 {
        let mut acc: i128 = 0;
        for &(digits, value) in groups {
            acc = acc
                .checked_mul(10i128.pow(digits))?
                .checked_add(i128::from(value))?;
        }
        Some(DecimalValue::Small(if negative { -acc } else { acc }))
    } else {
        let mut acc = [0u64; 4];
        for &(digits, value) in groups {
            acc = DecimalValue::wide_mul_add(acc, 10u64.pow(digits), value)?;
        }
        Some(DecimalValue::Wide {
            negative,
            magnitude: acc,
        })
    }
}

/// `JdbcValueConverters.convertValue`'s fallback per converter, used when a NOT NULL
/// column without default holds NULL (e.g. a zero date).
fn fallback(conversion: &Conversion) -> Option<OwnedDatum> {
    Some(match conversion {
        Conversion::Boolean | Conversion::Bit1 => OwnedDatum::Boolean(false),
        Conversion::Bits { .. } => OwnedDatum::Bytes(Vec::new()),
        // JdbcValueConverters' fallbacks: the epoch ("1970-01-01Z", "00:00:00Z",
        // "1970-01-01T00:00:00Z" as ISO strings; java.util.Date(0) in connect mode).
        Conversion::Date {
            repr: DateRepr::Iso,
            ..
        } => OwnedDatum::String("1970-01-01Z".to_owned()),
        Conversion::Time {
            repr: TimeRepr::Iso,
        } => OwnedDatum::String("00:00:00Z".to_owned()),
        Conversion::DateTime {
            repr: DateTimeRepr::Iso,
            ..
        } => OwnedDatum::String("1970-01-01T00:00:00Z".to_owned()),
        Conversion::Int(_)
        | Conversion::Date { .. }
        | Conversion::Time { .. }
        | Conversion::DateTime { .. } => OwnedDatum::Int(0),
        Conversion::Year => OwnedDatum::Int(0),
        Conversion::BigintUnsignedPrecise => OwnedDatum::Int(0),
        Conversion::Float32 => OwnedDatum::Float32(0.0),
        Conversion::Float64 => OwnedDatum::Float64(0.0),
        Conversion::Decimal { mode, scale } => match mode {
            DecimalHandling::Precise => OwnedDatum::Decimal(DecimalValue::Small(0)),
            DecimalHandling::Double => OwnedDatum::Float64(0.0),
            DecimalHandling::String => {
                OwnedDatum::String(DecimalValue::Small(0).to_plain_string(*scale))
            }
        },
        Conversion::Timestamp { .. } => OwnedDatum::String("1970-01-01T00:00:00Z".to_owned()),
        Conversion::Text { .. } | Conversion::Enum | Conversion::Set | Conversion::FixedBin(_) => {
            OwnedDatum::String(String::new())
        }
        Conversion::Binary { mode, .. } => match mode {
            BinaryHandling::Bytes => OwnedDatum::Bytes(Vec::new()),
            _ => OwnedDatum::String(String::new()),
        },
        Conversion::Json => OwnedDatum::String("{}".to_owned()),
        Conversion::Vector => OwnedDatum::FloatVector(Vec::new()),
        Conversion::Geometry | Conversion::Point => OwnedDatum::Geometry {
            // BinlogGeometry.createEmpty: GEOMETRYCOLLECTION EMPTY.
            wkb: vec![0x01, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
            srid: None,
        },
    })
}

type Choice = (Conversion, ConnectSchema, Vec<String>);

fn choose(
    table: &TableSchema,
    col: &ColumnSchema,
    cfg: &EnvelopeConfig,
) -> Result<Choice, EnvelopeError> {
    use ConnectType as T;
    let none = Vec::new;
    let plain = |kind: ConnectType, conversion: Conversion| {
        Ok((conversion, ConnectSchema::of(kind), none()))
    };
    let mode = cfg.time_precision;
    let adjust = cfg.time_adjuster;
    match &col.data_type {
        DataType::Json => Ok((
            Conversion::Json,
            ConnectSchema::logical(T::String, "io.debezium.data.Json"),
            none(),
        )),
        DataType::Geometry(kind) if kind.eq_ignore_ascii_case("POINT") => {
            Ok((Conversion::Point, point_schema(), none()))
        }
        DataType::Geometry(_) => Ok((Conversion::Geometry, geometry_schema(), none())),
        DataType::Year => Ok((
            Conversion::Year,
            ConnectSchema::logical(T::Int32, "io.debezium.time.Year"),
            none(),
        )),
        DataType::Enum(members) => Ok((
            Conversion::Enum,
            ConnectSchema::logical(T::String, "io.debezium.data.Enum")
                .param("allowed", members.join(",")),
            members.clone(),
        )),
        DataType::Set(members) => Ok((
            Conversion::Set,
            ConnectSchema::logical(T::String, "io.debezium.data.EnumSet")
                .param("allowed", members.join(",")),
            members.clone(),
        )),
        DataType::Boolean => plain(T::Boolean, Conversion::Boolean),
        DataType::Int {
            width, unsigned, ..
        } => Ok(int_choice(*width, *unsigned, cfg.bigint_unsigned_handling)),
        DataType::Float { .. } => {
            // BinlogValueConverters: FLOAT is float32 only without scale and with p <= 24.
            if col.scale.is_none() && col.length.unwrap_or(-1) <= 24 {
                plain(T::Float32, Conversion::Float32)
            } else {
                plain(T::Float64, Conversion::Float64)
            }
        }
        DataType::Double { .. } => plain(T::Float64, Conversion::Float64),
        DataType::Decimal {
            precision, scale, ..
        } => {
            let schema = match cfg.decimal_handling {
                DecimalHandling::Precise => decimal_schema(*scale, *precision),
                DecimalHandling::Double => ConnectSchema::of(T::Float64),
                DecimalHandling::String => ConnectSchema::of(T::String),
            };
            Ok((
                Conversion::Decimal {
                    scale: *scale,
                    mode: cfg.decimal_handling,
                },
                schema,
                none(),
            ))
        }
        DataType::Bit { length } if *length <= 1 => plain(T::Boolean, Conversion::Bit1),
        DataType::Bit { length } => Ok((
            Conversion::Bits {
                len: (*length as usize).div_ceil(8),
            },
            ConnectSchema::logical(T::Bytes, "io.debezium.data.Bits")
                .param("length", length.to_string()),
            none(),
        )),
        // TemporalPrecisionMode's date/time/timestamp builders and
        // JdbcValueConverters.convertDate/convertTime/convertTimestamp.
        DataType::Date => {
            let (repr, kind, name) = match mode {
                TimePrecision::IsoString => (DateRepr::Iso, T::String, "io.debezium.time.IsoDate"),
                TimePrecision::Connect => (
                    DateRepr::EpochDays,
                    T::Int32,
                    "org.apache.kafka.connect.data.Date",
                ),
                _ => (DateRepr::EpochDays, T::Int32, "io.debezium.time.Date"),
            };
            Ok((
                Conversion::Date { repr, adjust },
                ConnectSchema::logical(kind, name),
                none(),
            ))
        }
        DataType::Time { .. } => {
            let (repr, kind, name) = match mode {
                TimePrecision::AdaptiveTimeMicroseconds | TimePrecision::Microseconds => {
                    (TimeRepr::Micros, T::Int64, "io.debezium.time.MicroTime")
                }
                TimePrecision::Nanoseconds => {
                    (TimeRepr::Nanos, T::Int64, "io.debezium.time.NanoTime")
                }
                TimePrecision::Connect => (
                    TimeRepr::Millis,
                    T::Int32,
                    "org.apache.kafka.connect.data.Time",
                ),
                TimePrecision::IsoString => (TimeRepr::Iso, T::String, "io.debezium.time.IsoTime"),
            };
            Ok((
                Conversion::Time { repr },
                ConnectSchema::logical(kind, name),
                none(),
            ))
        }
        DataType::DateTime { fsp } => {
            let (repr, kind, name) = match (mode, *fsp) {
                (TimePrecision::AdaptiveTimeMicroseconds, 0..=3) => {
                    (DateTimeRepr::Millis, T::Int64, "io.debezium.time.Timestamp")
                }
                (TimePrecision::AdaptiveTimeMicroseconds | TimePrecision::Microseconds, _) => (
                    DateTimeRepr::Micros,
                    T::Int64,
                    "io.debezium.time.MicroTimestamp",
                ),
                (TimePrecision::Nanoseconds, _) => (
                    DateTimeRepr::Nanos,
                    T::Int64,
                    "io.debezium.time.NanoTimestamp",
                ),
                (TimePrecision::Connect, _) => (
                    DateTimeRepr::Millis,
                    T::Int64,
                    "org.apache.kafka.connect.data.Timestamp",
                ),
                (TimePrecision::IsoString, _) => (
                    DateTimeRepr::Iso,
                    T::String,
                    "io.debezium.time.IsoTimestamp",
                ),
            };
            Ok((
                Conversion::DateTime { repr, adjust },
                ConnectSchema::logical(kind, name),
                none(),
            ))
        }
        DataType::Timestamp { fsp } => Ok((
            Conversion::Timestamp { fsp: *fsp },
            ConnectSchema::logical(T::String, "io.debezium.time.ZonedTimestamp"),
            none(),
        )),
        DataType::Char { .. } | DataType::VarChar { .. } | DataType::Text(_) => {
            let charset = col
                .charset
                .as_deref()
                .or(table.default_charset.as_deref())
                .map_or(Charset::Utf8, Charset::from_mysql_name);
            plain(T::String, Conversion::Text { charset })
        }
        DataType::Binary { length } => Ok(binary_choice(*length as usize, cfg.binary_handling)),
        DataType::VarBinary { .. } | DataType::Blob(_) => Ok(binary_choice(0, cfg.binary_handling)),
        // Debezium's MariaDB connector: UUID is `io.debezium.data.Uuid` (its MySQL
        // connector cannot parse the table). INET4/INET6 have no Debezium mapping;
        // Tributary writes their text as a plain string.
        DataType::Uuid => Ok((
            Conversion::FixedBin(FixedBinKind::Uuid),
            ConnectSchema::logical(T::String, "io.debezium.data.Uuid"),
            none(),
        )),
        DataType::Inet4 => plain(T::String, Conversion::FixedBin(FixedBinKind::Inet4)),
        DataType::Inet6 => plain(T::String, Conversion::FixedBin(FixedBinKind::Inet6)),
        DataType::Vector { .. } => {
            let items = ConnectSchema::of(T::Float32);
            let schema = ConnectSchema {
                items: Some(Box::new(items)),
                ..ConnectSchema::logical(T::Array, "io.debezium.data.FloatVector")
            };
            Ok((Conversion::Vector, schema, none()))
        }
    }
}

fn binary_choice(pad_to: usize, mode: BinaryHandling) -> Choice {
    let kind = if mode == BinaryHandling::Bytes {
        ConnectType::Bytes
    } else {
        ConnectType::String
    };
    (
        Conversion::Binary { pad_to, mode },
        ConnectSchema::of(kind),
        Vec::new(),
    )
}

fn int_choice(width: IntWidth, unsigned: bool, bigint_mode: BigintUnsignedHandling) -> Choice {
    use ConnectType as T;
    use IntConversion as I;
    let (kind, conv) = match (width, unsigned) {
        (IntWidth::Tiny, false) => (T::Int16, I::Signed),
        (IntWidth::Tiny, true) => (T::Int16, I::U8),
        (IntWidth::Small, false) => (T::Int16, I::Signed),
        (IntWidth::Small, true) => (T::Int32, I::U16),
        (IntWidth::Medium, false) => (T::Int32, I::Signed),
        (IntWidth::Medium, true) => (T::Int32, I::U24),
        (IntWidth::Int, false) => (T::Int32, I::Signed),
        (IntWidth::Int, true) => (T::Int64, I::U32),
        (IntWidth::Big, false) => (T::Int64, I::Signed),
        (IntWidth::Big, true) => match bigint_mode {
            BigintUnsignedHandling::Long => (T::Int64, I::Signed),
            BigintUnsignedHandling::Precise => {
                return (
                    Conversion::BigintUnsignedPrecise,
                    decimal_schema(0, 20),
                    Vec::new(),
                );
            }
        },
    };
    (Conversion::Int(conv), ConnectSchema::of(kind), Vec::new())
}

fn decimal_schema(scale: u32, precision: u32) -> ConnectSchema {
    ConnectSchema::logical(ConnectType::Bytes, "org.apache.kafka.connect.data.Decimal")
        .param("scale", scale.to_string())
        .param("connect.decimal.precision", precision.to_string())
}

fn geometry_schema() -> ConnectSchema {
    let mut s = ConnectSchema::logical(ConnectType::Struct, "io.debezium.data.geometry.Geometry")
        .field("wkb", ConnectSchema::of(ConnectType::Bytes))
        .field("srid", ConnectSchema::of(ConnectType::Int32).optional());
    s.doc = Some("Geometry".to_owned());
    s
}

fn point_schema() -> ConnectSchema {
    let mut s = ConnectSchema::logical(ConnectType::Struct, "io.debezium.data.geometry.Point")
        .field("x", ConnectSchema::of(ConnectType::Float64))
        .field("y", ConnectSchema::of(ConnectType::Float64))
        .field("wkb", ConnectSchema::of(ConnectType::Bytes).optional())
        .field("srid", ConnectSchema::of(ConnectType::Int32).optional());
    s.doc = Some("Geometry (POINT)".to_owned());
    s
}

#[cfg(test)]
mod tests {
    //! Expected values come from `binlog-fixtures/reference/types.stream.jsonl` (the
    //! `all_types` row) unless a comment names another source.
    use super::*;
    use crate::binlog::{Date, DateTime, Time};
    use crate::schema::TableId;

    fn column(type_name: &str, data_type: DataType, optional: bool) -> ColumnSchema {
        ColumnSchema {
            name: "c".to_owned(),
            position: 1,
            data_type,
            type_name: type_name.to_owned(),
            type_expression: type_name.to_owned(),
            jdbc_type: 0,
            charset: None,
            collation: None,
            length: None,
            scale: None,
            optional,
            auto_increment: false,
            generated: false,
            comment: None,
            default_value_expression: None,
            enum_values: None,
        }
    }

    fn table_of(col: &ColumnSchema) -> TableSchema {
        TableSchema {
            id: TableId::new("db", "t"),
            columns: vec![col.clone()],
            primary_key: Vec::new(),
            default_charset: Some("utf8mb4".to_owned()),
            comment: None,
        }
    }

    fn render_with(col: &ColumnSchema, cfg: &EnvelopeConfig, value: Value<'_>) -> String {
        let conv = ColumnConverter::new(&table_of(col), col, cfg).expect("converter");
        let datum = conv.convert(&value).expect("convert");
        let mut out = Vec::new();
        crate::format::write_datum(&mut out, &datum);
        String::from_utf8(out).unwrap_or_default()
    }

    fn render(col: &ColumnSchema, value: Value<'_>) -> String {
        render_with(col, &EnvelopeConfig::new("p"), value)
    }

    fn int(width: IntWidth, unsigned: bool) -> DataType {
        DataType::Int {
            width,
            unsigned,
            display_width: None,
        }
    }

    #[test]
    fn unsigned_integers_widen_and_bigint_wraps() {
        let cases = [
            (IntWidth::Tiny, "TINYINT UNSIGNED", "255"),
            (IntWidth::Small, "SMALLINT UNSIGNED", "65535"),
            (IntWidth::Medium, "MEDIUMINT UNSIGNED", "16777215"),
            (IntWidth::Int, "INT UNSIGNED", "4294967295"),
            (IntWidth::Big, "BIGINT UNSIGNED", "-1"),
        ];
        for (width, name, expected) in cases {
            assert_eq!(
                render(&column(name, int(width, true), true), Value::Int(-1)),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            render(
                &column("TINYINT", int(IntWidth::Tiny, false), true),
                Value::Int(-128)
            ),
            "-128"
        );
    }

    #[test]
    fn bigint_unsigned_precise_is_a_decimal() {
        // Debezium docs, bigint.unsigned.handling.mode=precise: Decimal(20,0); the
        // unscaled 18446744073709551615 is 00 FF×8 as Java's BigInteger.toByteArray.
        let mut cfg = EnvelopeConfig::new("p");
        cfg.bigint_unsigned_handling = BigintUnsignedHandling::Precise;
        let col = column("BIGINT UNSIGNED", int(IntWidth::Big, true), true);
        assert_eq!(render_with(&col, &cfg, Value::Int(-1)), "\"AP//////////\"");
    }

    #[test]
    fn boolean_and_bits() {
        assert_eq!(
            render(&column("BOOLEAN", DataType::Boolean, true), Value::Int(1)),
            "true"
        );
        assert_eq!(
            render(
                &column("BIT", DataType::Bit { length: 1 }, true),
                Value::Bit(&[1])
            ),
            "true"
        );
        let bit13 = column("BIT", DataType::Bit { length: 13 }, true);
        assert_eq!(render(&bit13, Value::Bit(&[0x15, 0x55])), "\"VRU=\"");
        let bit64 = column("BIT", DataType::Bit { length: 64 }, true);
        assert_eq!(render(&bit64, Value::Bit(&[0xFF; 8])), "\"//////////8=\"");
    }

    #[test]
    fn decimals_by_handling_mode() {
        let col = column(
            "DECIMAL",
            DataType::Decimal {
                precision: 10,
                scale: 0,
                unsigned: false,
            },
            true,
        );
        // -1 packed as DECIMAL(10,0) (MySQL decimal2bin): 7F FF FF FF FE → "/w==".
        let packed = PackedDecimal {
            bytes: &[0x7F, 0xFF, 0xFF, 0xFF, 0xFE],
            precision: 10,
            scale: 0,
        };
        assert_eq!(render(&col, Value::Decimal(packed)), "\"/w==\"");
        let col = column(
            "DECIMAL",
            DataType::Decimal {
                precision: 6,
                scale: 2,
                unsigned: false,
            },
            true,
        );
        // 45.50 as DECIMAL(6,2): 80 2D 32 → seed.stream.jsonl "EcY=" (4550).
        let packed = PackedDecimal {
            bytes: &[0x80, 0x2D, 0x32],
            precision: 6,
            scale: 2,
        };
        assert_eq!(render(&col, Value::Decimal(packed)), "\"EcY=\"");
        let mut cfg = EnvelopeConfig::new("p");
        cfg.decimal_handling = DecimalHandling::String;
        assert_eq!(render_with(&col, &cfg, Value::Decimal(packed)), "\"45.50\"");
        cfg.decimal_handling = DecimalHandling::Double;
        assert_eq!(render_with(&col, &cfg, Value::Decimal(packed)), "45.5");
    }

    #[test]
    fn temporal_values() {
        let date = column("DATE", DataType::Date, true);
        assert_eq!(
            render(
                &date,
                Value::Date(Date {
                    year: 2021,
                    month: 8,
                    day: 16
                })
            ),
            "18855"
        );
        assert_eq!(
            render(
                &date,
                Value::Date(Date {
                    year: 1970,
                    month: 1,
                    day: 1
                })
            ),
            "0"
        );
        let time = column("TIME", DataType::Time { fsp: 0 }, true);
        let t = Time {
            negative: true,
            hours: 838,
            minutes: 59,
            seconds: 59,
            micros: 0,
        };
        assert_eq!(render(&time, Value::Time(t)), "-3020399000000");
        let time6 = column("TIME", DataType::Time { fsp: 6 }, true);
        let t = Time {
            negative: false,
            hours: 12,
            minutes: 34,
            seconds: 56,
            micros: 789_012,
        };
        assert_eq!(render(&time6, Value::Time(t)), "45296789012");
        let dt = column("DATETIME", DataType::DateTime { fsp: 0 }, true);
        let v = DateTime {
            date: Date {
                year: 1000,
                month: 1,
                day: 1,
            },
            hour: 0,
            minute: 0,
            second: 0,
            micros: 0,
        };
        assert_eq!(render(&dt, Value::DateTime(v)), "-30610224000000");
        let dt3 = column("DATETIME", DataType::DateTime { fsp: 3 }, true);
        let v = DateTime {
            date: Date {
                year: 2021,
                month: 8,
                day: 16,
            },
            hour: 10,
            minute: 11,
            second: 12,
            micros: 345_000,
        };
        assert_eq!(render(&dt3, Value::DateTime(v)), "1629108672345");
        let dt6 = column("DATETIME", DataType::DateTime { fsp: 6 }, true);
        let v = DateTime {
            date: Date {
                year: 9999,
                month: 12,
                day: 31,
            },
            hour: 23,
            minute: 59,
            second: 59,
            micros: 999_999,
        };
        assert_eq!(render(&dt6, Value::DateTime(v)), "253402300799999999");
        let ts = column("TIMESTAMP", DataType::Timestamp { fsp: 0 }, true);
        assert_eq!(
            render(
                &ts,
                Value::Timestamp {
                    seconds: 1_629_108_672,
                    micros: 0
                }
            ),
            "\"2021-08-16T10:11:12Z\""
        );
        let ts6 = column("TIMESTAMP", DataType::Timestamp { fsp: 6 }, true);
        let v = Value::Timestamp {
            seconds: 2_147_483_647,
            micros: 999_999,
        };
        assert_eq!(render(&ts6, v), "\"2038-01-19T03:14:07.999999Z\"");
        // ZonedTimestamp with a column width writes exactly that many digits.
        let ts3 = column("TIMESTAMP", DataType::Timestamp { fsp: 3 }, true);
        assert_eq!(
            render(
                &ts3,
                Value::Timestamp {
                    seconds: 1,
                    micros: 500_000
                }
            ),
            "\"1970-01-01T00:00:01.500Z\""
        );
        let year = column("YEAR", DataType::Year, true);
        assert_eq!(render(&year, Value::Year(2155)), "2155");
        assert_eq!(render(&year, Value::Year(1901)), "1901");
    }

    #[test]
    fn zero_and_two_digit_dates_follow_debezium() {
        // RowDeserializers.deserializeDate: a zero part is null; a NOT NULL column then
        // gets the converter's fallback (epoch day 0).
        let zero = Value::Date(Date {
            year: 0,
            month: 0,
            day: 0,
        });
        assert_eq!(render(&column("DATE", DataType::Date, true), zero), "null");
        assert_eq!(render(&column("DATE", DataType::Date, false), zero), "0");
        let zero_ts = Value::Timestamp {
            seconds: 0,
            micros: 0,
        };
        let ts = column("TIMESTAMP", DataType::Timestamp { fsp: 0 }, false);
        assert_eq!(render(&ts, zero_ts), "\"1970-01-01T00:00:00Z\"");
        // adjustTemporal: year 5 → 2005 (2005-01-01 is day 12784).
        let y5 = Value::Date(Date {
            year: 5,
            month: 1,
            day: 1,
        });
        assert_eq!(render(&column("DATE", DataType::Date, true), y5), "12784");
    }

    #[test]
    fn strings_enums_sets_binaries() {
        let mut latin = column("VARCHAR", DataType::VarChar { length: 20 }, true);
        latin.charset = Some("latin1".to_owned());
        assert_eq!(render(&latin, Value::Bytes(b"caf\xE9")), "\"café\"");
        let members = vec!["small".to_owned(), "medium".to_owned(), "large".to_owned()];
        let e = column("ENUM", DataType::Enum(members), true);
        assert_eq!(render(&e, Value::Enum(2)), "\"medium\"");
        assert_eq!(render(&e, Value::Enum(0)), "\"\"");
        let members = ["a", "b", "c", "d"].map(str::to_owned).to_vec();
        let s = column("SET", DataType::Set(members), true);
        assert_eq!(render(&s, Value::Set(0b101)), "\"a,c\"");
        let bin = column("BINARY", DataType::Binary { length: 4 }, true);
        assert_eq!(
            render(&bin, Value::Bytes(&[0xDE, 0xAD, 0xBE, 0xEF])),
            "\"3q2+7w==\""
        );
        // DBZ-254: BINARY(n) is right-padded with zero bytes.
        assert_eq!(render(&bin, Value::Bytes(&[0xDE])), "\"3gAAAA==\"");
        let mut cfg = EnvelopeConfig::new("p");
        cfg.binary_handling = BinaryHandling::Hex;
        let blob = column("BLOB", DataType::Blob(crate::schema::LobSize::Normal), true);
        assert_eq!(
            render_with(&blob, &cfg, Value::Bytes(&[0x00, 0xFF, 0x10])),
            "\"00ff10\""
        );
    }

    #[test]
    fn vectors_are_float_lists() {
        // FloatVector.fromLogical: little-endian float32s; io.debezium.data.FloatVector schema.
        let col = column("VECTOR", DataType::Vector { dimensions: 2 }, true);
        let bytes: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|f| f.to_le_bytes())
            .collect();
        assert_eq!(render(&col, Value::Bytes(&bytes)), "[1.5,-2.0]");
        let conv = ColumnConverter::new(&table_of(&col), &col, &EnvelopeConfig::new("p"))
            .expect("converter");
        let mut out = Vec::new();
        crate::format::write_schema(&mut out, &conv.schema, None);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            r#"{"type":"array","items":{"type":"float","optional":false},"optional":true,"name":"io.debezium.data.FloatVector","version":1}"#
        );
    }

    #[test]
    fn geometry_and_point() {
        let mut point = vec![0, 0, 0, 0, 1, 1, 0, 0, 0];
        point.extend(1.5f64.to_le_bytes());
        point.extend((-2.25f64).to_le_bytes());
        let col = column("POINT", DataType::Geometry("POINT".to_owned()), true);
        assert_eq!(
            render(&col, Value::Geometry(&point)),
            "{\"x\":1.5,\"y\":-2.25,\"wkb\":\"AQEAAAAAAAAAAAD4PwAAAAAAAALA\",\"srid\":null}"
        );
    }

    fn with_mode(mode: TimePrecision) -> EnvelopeConfig {
        EnvelopeConfig {
            time_precision: mode,
            ..EnvelopeConfig::new("p")
        }
    }

    fn time(negative: bool, hours: u16, minutes: u8, seconds: u8, micros: u32) -> Value<'static> {
        Value::Time(Time {
            negative,
            hours,
            minutes,
            seconds,
            micros,
        })
    }

    fn datetime(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, micros: u32) -> Value<'static> {
        Value::DateTime(DateTime {
            date: Date {
                year: y,
                month: mo,
                day: d,
            },
            hour: h,
            minute: mi,
            second: s,
            micros,
        })
    }

    fn convert_with(
        col: &ColumnSchema,
        cfg: &EnvelopeConfig,
        value: Value<'_>,
    ) -> Result<String, String> {
        let conv = ColumnConverter::new(&table_of(col), col, cfg).map_err(|e| e.to_string())?;
        let datum = conv.convert(&value).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        crate::format::write_datum(&mut out, &datum);
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    #[test]
    fn isostring_temporal_values() {
        // types.time-isostring.stream.jsonl and zero_dates.time-isostring.stream.jsonl.
        let cfg = with_mode(TimePrecision::IsoString);
        let date = column("DATE", DataType::Date, true);
        let d = Value::Date(Date {
            year: 2021,
            month: 8,
            day: 16,
        });
        assert_eq!(render_with(&date, &cfg, d), "\"2021-08-16Z\"");
        let t6 = column("TIME", DataType::Time { fsp: 6 }, true);
        assert_eq!(
            render_with(&t6, &cfg, time(false, 12, 34, 56, 789_012)),
            "\"12:34:56.789012Z\""
        );
        // LocalTime.of(0, 0).plus(24 h) wraps to midnight.
        assert_eq!(
            render_with(&t6, &cfg, time(false, 24, 0, 0, 0)),
            "\"00:00:00Z\""
        );
        let dt6 = column("DATETIME", DataType::DateTime { fsp: 6 }, true);
        assert_eq!(
            render_with(&dt6, &cfg, datetime(9999, 12, 31, 23, 59, 59, 999_999)),
            "\"9999-12-31T23:59:59.999999Z\""
        );
        let dt3 = column("DATETIME", DataType::DateTime { fsp: 3 }, true);
        assert_eq!(
            render_with(&dt3, &cfg, datetime(2021, 8, 16, 10, 11, 12, 345_000)),
            "\"2021-08-16T10:11:12.345Z\""
        );
        // A zero date in a NOT NULL column: JdbcValueConverters' ISO fallback.
        let date_nn = column("DATE", DataType::Date, false);
        let zero = Value::Date(Date {
            year: 0,
            month: 0,
            day: 0,
        });
        assert_eq!(render_with(&date_nn, &cfg, zero), "\"1970-01-01Z\"");
    }

    #[test]
    fn times_outside_a_day_follow_the_converting_failure_mode() {
        // types.time-connect.stream.jsonl: TIME '-838:59:59' is null (warn);
        // time_out_of_range.time-connect: in a NOT NULL column Debezium stops, in
        // every event.converting.failure.handling.mode.
        let negative = || time(true, 838, 59, 59, 0);
        for mode in [TimePrecision::Connect, TimePrecision::IsoString] {
            let mut cfg = with_mode(mode);
            let t = column("TIME", DataType::Time { fsp: 0 }, true);
            assert_eq!(convert_with(&t, &cfg, negative()), Ok("null".to_owned()));
            let t_nn = column("TIME", DataType::Time { fsp: 0 }, false);
            let err = convert_with(&t_nn, &cfg, negative()).expect_err("NOT NULL");
            assert!(err.contains("00:00:00 and 24:00:00"), "{err}");
            cfg.converting_failure = ConvertingFailureHandling::Skip;
            assert_eq!(convert_with(&t, &cfg, negative()), Ok("null".to_owned()));
            assert!(convert_with(&t_nn, &cfg, negative()).is_err());
            cfg.converting_failure = ConvertingFailureHandling::Fail;
            assert!(convert_with(&t, &cfg, negative()).is_err());
        }
        // Connect's Time accepts 24:00:00 (Time.toMilliOfDay: compareTo(ONE_DAY) > 0).
        let t = column("TIME", DataType::Time { fsp: 0 }, false);
        assert_eq!(
            convert_with(
                &t,
                &with_mode(TimePrecision::Connect),
                time(false, 24, 0, 0, 0)
            ),
            Ok("86400000".to_owned())
        );
        // microseconds/nanoseconds take any TIME (types.time-*.stream.jsonl).
        assert_eq!(
            render_with(&t, &with_mode(TimePrecision::Microseconds), negative()),
            "-3020399000000"
        );
        assert_eq!(
            render_with(&t, &with_mode(TimePrecision::Nanoseconds), negative()),
            "-3020399000000000"
        );
    }

    #[test]
    fn nano_timestamps_overflow_by_day_as_debezium_computes_them() {
        // types.time-nanoseconds.stream.jsonl: 9999-12-31 is null; zero_dates.time-
        // nanoseconds: 1677-09-21 00:12:44 fits an i64 but its day × 86400e9 does not.
        let cfg = with_mode(TimePrecision::Nanoseconds);
        let dt = column("DATETIME", DataType::DateTime { fsp: 6 }, true);
        assert_eq!(
            render_with(&dt, &cfg, datetime(9999, 12, 31, 23, 59, 59, 999_999)),
            "null"
        );
        assert_eq!(
            render_with(&dt, &cfg, datetime(1677, 9, 21, 0, 12, 44, 0)),
            "null"
        );
        assert_eq!(
            render_with(&dt, &cfg, datetime(2262, 4, 11, 23, 47, 16, 854_775)),
            "9223372036854775000"
        );
        assert_eq!(
            render_with(&dt, &cfg, datetime(2021, 8, 16, 10, 11, 12, 345_000)),
            "1629108672345000000"
        );
    }

    #[test]
    fn the_time_adjuster_can_be_turned_off() {
        // enable.time.adjuster=false: year 5 stays 0005 (zero_dates.no-adjuster).
        let y5 = || {
            Value::Date(Date {
                year: 5,
                month: 1,
                day: 1,
            })
        };
        let date = column("DATE", DataType::Date, true);
        let cfg = EnvelopeConfig {
            time_adjuster: false,
            ..EnvelopeConfig::new("p")
        };
        // 0005-01-01 is day -717701 of the proleptic Gregorian calendar (LocalDate.toEpochDay).
        assert_eq!(render_with(&date, &cfg, y5()), "-717701");
        assert_eq!(render(&date, y5()), "12784");
    }

    #[test]
    fn impossible_days_are_errors_in_every_mode() {
        // invalid_dates.fail: Debezium's row deserializer stops on 2021-02-30.
        let date = column("DATE", DataType::Date, true);
        let feb30 = || {
            Value::Date(Date {
                year: 2021,
                month: 2,
                day: 30,
            })
        };
        for mode in [
            ConvertingFailureHandling::Fail,
            ConvertingFailureHandling::Warn,
            ConvertingFailureHandling::Skip,
        ] {
            let cfg = EnvelopeConfig {
                converting_failure: mode,
                ..EnvelopeConfig::new("p")
            };
            let err = convert_with(&date, &cfg, feb30()).expect_err("invalid date");
            assert!(err.contains("2021-02-30"), "{err}");
        }
    }

    #[test]
    fn source_type_parameters_go_to_the_value_schema_only() {
        // extremes.propagate.stream.jsonl, field c_dec (DECIMAL(20,0) UNSIGNED).
        let mut col = column(
            "DECIMAL UNSIGNED",
            DataType::Decimal {
                precision: 20,
                scale: 0,
                unsigned: true,
            },
            true,
        );
        col.length = Some(20);
        col.scale = Some(0);
        col.name = "c_dec".to_owned();
        let table = table_of(&col);
        let Ok(all) = crate::engine::config::filter::compile_regex_list("k", ".*") else {
            panic!("regex")
        };
        let cfg = EnvelopeConfig {
            propagate_source_type: super::super::SourceTypePropagation {
                columns: all,
                datatypes: Vec::new(),
            },
            ..EnvelopeConfig::new("p")
        };
        let conv = ColumnConverter::new(&table, &col, &cfg).expect("converter");
        let mut out = Vec::new();
        crate::format::write_schema(
            &mut out,
            &conv.value_field_schema(&table, &col, &cfg),
            Some("c_dec"),
        );
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            r#"{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"0","connect.decimal.precision":"20","__debezium.source.column.type":"DECIMAL UNSIGNED","__debezium.source.column.length":"20","__debezium.source.column.scale":"0","__debezium.source.column.name":"c_dec"},"field":"c_dec"}"#
        );
        assert!(
            conv.schema
                .parameters
                .iter()
                .all(|(k, _)| !k.starts_with("__debezium"))
        );
    }
}
