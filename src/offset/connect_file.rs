//! Kafka Connect's `FileOffsetBackingStore` file format: a Java-serialized
//! `java.util.HashMap<byte[], byte[]>` of (key, value) JSON bytes, the form Debezium's
//! `offset.storage.file.filename` holds, so its offsets can be taken over and handed
//! back.
//!
//! Owns reading and writing exactly the stream `ObjectOutputStream.writeObject` writes
//! for such a map (Java Object Serialization Specification, chapter 6, "Object
//! Serialization Stream Protocol"; `HashMap.writeObject`: the `loadFactor` and
//! `threshold` fields, then block data with the bucket count and the size, then each
//! key and value): the class descriptors of `java.util.HashMap` and `[B`, arrays, back
//! references to the `[B` descriptor. Anything else is refused as corrupt, never
//! guessed at. It does no I/O.

/// `java.util.HashMap`'s `serialVersionUID`.
const HASHMAP_UID: [u8; 8] = [0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1];
/// `byte[]`'s (`[B`) `serialVersionUID`.
const BYTES_UID: [u8; 8] = [0xac, 0xf3, 0x17, 0xf8, 0x06, 0x08, 0x54, 0xe0];

const STREAM_MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_ARRAY: u8 = 0x75;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
/// The first handle the stream assigns (`baseWireHandle`).
const BASE_HANDLE: u32 = 0x7e_0000;

/// The map's entries: (key bytes, value bytes).
pub(crate) type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// True when `bytes` start like a Java serialization stream.
pub(crate) fn is_java_serialized(bytes: &[u8]) -> bool {
    bytes.starts_with(&STREAM_MAGIC)
}

/// The (key, value) entries of a serialized `HashMap<byte[], byte[]>`, in stream order.
pub(crate) fn read_map(bytes: &[u8]) -> Result<Entries, String> {
    let mut r = Reader { bytes, at: 0 };
    r.expect(&STREAM_MAGIC, "the stream magic AC ED 00 05")?;
    r.expect(&[TC_OBJECT, TC_CLASSDESC], "a new object of a new class")?;
    r.expect_utf("java.util.HashMap")?;
    r.expect(&HASHMAP_UID, "HashMap's serialVersionUID")?;
    r.expect(
        &[0x03, 0x00, 0x02],
        "flags SC_SERIALIZABLE|SC_WRITE_METHOD, 2 fields",
    )?;
    r.expect(b"F", "the float field loadFactor")?;
    r.expect_utf("loadFactor")?;
    r.expect(b"I", "the int field threshold")?;
    r.expect_utf("threshold")?;
    r.expect(
        &[TC_ENDBLOCKDATA, TC_NULL],
        "the end of the class annotation, no superclass",
    )?;
    r.take(8)?; // loadFactor, threshold
    r.expect(&[TC_BLOCKDATA, 8], "block data of 8 bytes (buckets, size)")?;
    r.take(4)?; // buckets
    let size = r.u32()?;
    // Handles: 0 the HashMap descriptor, 1 the map; the `[B` descriptor is the next.
    let mut next_handle = BASE_HANDLE + 2;
    let mut bytes_desc: Option<u32> = None;
    let mut entries = Vec::new();
    for _ in 0..size {
        let key = r.byte_array(&mut bytes_desc, &mut next_handle)?;
        let value = r.byte_array(&mut bytes_desc, &mut next_handle)?;
        entries.push((key, value));
    }
    r.expect(&[TC_ENDBLOCKDATA], "the end of the map's data")?;
    if r.at != bytes.len() {
        return Err(format!("{} bytes after the map", bytes.len() - r.at));
    }
    Ok(entries)
}

/// The serialized `HashMap<byte[], byte[]>` of `entries`, as Java writes it.
pub(crate) fn write_map(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&STREAM_MAGIC);
    out.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC]);
    utf(&mut out, "java.util.HashMap");
    out.extend_from_slice(&HASHMAP_UID);
    out.extend_from_slice(&[0x03, 0x00, 0x02, b'F']);
    utf(&mut out, "loadFactor");
    out.push(b'I');
    utf(&mut out, "threshold");
    out.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
    // HashMap's defaults: loadFactor 0.75, a power-of-two table with size <= 0.75 * it.
    let count = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    let mut buckets = 16u32;
    while (u64::from(count) * 4) > u64::from(buckets) * 3 {
        buckets = buckets.saturating_mul(2);
    }
    out.extend_from_slice(&0.75f32.to_be_bytes());
    out.extend_from_slice(&(buckets / 4 * 3).to_be_bytes());
    out.extend_from_slice(&[TC_BLOCKDATA, 8]);
    out.extend_from_slice(&buckets.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    let mut first = true;
    for (key, value) in entries {
        for array in [key, value] {
            out.push(TC_ARRAY);
            if first {
                out.push(TC_CLASSDESC);
                utf(&mut out, "[B");
                out.extend_from_slice(&BYTES_UID);
                out.extend_from_slice(&[0x02, 0x00, 0x00, TC_ENDBLOCKDATA, TC_NULL]);
                first = false;
            } else {
                out.push(TC_REFERENCE);
                out.extend_from_slice(&(BASE_HANDLE + 2).to_be_bytes());
            }
            out.extend_from_slice(&u32::try_from(array.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(array);
        }
    }
    out.push(TC_ENDBLOCKDATA);
    out
}

fn utf(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&u16::try_from(text.len()).unwrap_or(u16::MAX).to_be_bytes());
    out.extend_from_slice(text.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!("truncated at byte {} (needed {n} more)", self.at));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn expect(&mut self, want: &[u8], what: &str) -> Result<(), String> {
        let at = self.at;
        let got = self.take(want.len())?;
        if got == want {
            Ok(())
        } else {
            Err(format!("expected {what} at byte {at}, found {got:02X?}"))
        }
    }

    fn expect_utf(&mut self, text: &str) -> Result<(), String> {
        let mut want = Vec::new();
        utf(&mut want, text);
        self.expect(&want, &format!("the name {text}"))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A `byte[]`: TC_ARRAY, its class (new `[B` descriptor or a reference to it),
    /// a length, the bytes.
    fn byte_array(
        &mut self,
        bytes_desc: &mut Option<u32>,
        next_handle: &mut u32,
    ) -> Result<Vec<u8>, String> {
        self.expect(&[TC_ARRAY], "a byte[] (TC_ARRAY)")?;
        let at = self.at;
        match self.take(1)?.first().copied() {
            Some(TC_CLASSDESC) if bytes_desc.is_none() => {
                self.expect_utf("[B")?;
                self.expect(&BYTES_UID, "byte[]'s serialVersionUID")?;
                self.expect(
                    &[0x02, 0x00, 0x00, TC_ENDBLOCKDATA, TC_NULL],
                    "the [B descriptor",
                )?;
                *bytes_desc = Some(*next_handle);
                *next_handle += 1;
            }
            Some(TC_REFERENCE) => {
                let handle = self.u32()?;
                if Some(handle) != *bytes_desc {
                    return Err(format!(
                        "reference {handle:#x} at byte {at} is not the [B class"
                    ));
                }
            }
            other => {
                return Err(format!(
                    "expected the [B class at byte {at}, found {other:02X?}"
                ));
            }
        }
        let len = usize::try_from(self.u32()?).map_err(|e| e.to_string())?;
        let data = self.take(len)?.to_vec();
        *next_handle += 1; // the array itself
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures/reference/offsets.stream.offsets.dat");
        std::fs::read(path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The file Debezium 3.6.3 (Kafka Connect 4.x `FileOffsetBackingStore`) wrote.
    #[test]
    fn reads_the_file_debezium_wrote() {
        let entries = read_map(&fixture()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, br#"["oracle",{"server":"ecommerce-server"}]"#);
        let value: serde_json::Value =
            serde_json::from_slice(&entries[0].1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["file"], "mariadb-bin.000001");
        assert_eq!(value["pos"], 2237);
        assert_eq!(value["row"], 1);
    }

    /// Writing Debezium's entry back gives Debezium's bytes.
    #[test]
    fn writes_the_bytes_java_writes() {
        let bytes = fixture();
        let entries = read_map(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(write_map(&entries), bytes);
    }

    #[test]
    fn several_entries_round_trip_and_garbage_is_refused() {
        let entries: Vec<(Vec<u8>, Vec<u8>)> = (0..20)
            .map(|i| {
                (
                    format!("[\"c{i}\",{{}}]").into_bytes(),
                    format!("{{\"pos\":{i}}}").into_bytes(),
                )
            })
            .collect();
        let bytes = write_map(&entries);
        assert_eq!(read_map(&bytes).unwrap_or_else(|e| panic!("{e}")), entries);
        for cut in [0, 5, 40, bytes.len() - 1] {
            assert!(read_map(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        bad[10] ^= 0xff;
        assert!(read_map(&bad).is_err());
    }
}
