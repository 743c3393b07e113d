//! A minimal .zip writer: stored (uncompressed) entries, CRC-32, a central
//! directory, a fixed timestamp so the same files give the same bytes.

/// MS-DOS date of every entry: 1980-01-01, the earliest a zip can hold.
const DOS_DATE: u16 = (1 << 5) | 1;
/// MS-DOS time of every entry: midnight.
const DOS_TIME: u16 = 0;
/// General-purpose flag bit 11: the name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// Version 2.0 of the format: enough for stored entries and the UTF-8 flag.
const VERSION_NEEDED: u16 = 20;
/// Made by a Unix host (3) with format version 2.0, so the permissions below count.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// Unix mode of every entry: a regular file, `rw-r--r--`.
const EXTERNAL_ATTRIBUTES: u32 = 0o100644 << 16;

/// A zip archive of `files` (name, contents), in the given order, stored
/// without compression.
///
/// Sizes and offsets past 4 GiB, or more than 65535 entries, would need
/// Zip64, which this writer does not do; the generated files are a few KiB.
pub fn zip_stored(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len();
        let crc = crc32(data);
        let name = name.as_bytes();

        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION_NEEDED);
        put_common(&mut out, crc, data.len(), name.len());
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        put32(&mut central, 0x0201_4b50);
        put16(&mut central, VERSION_MADE_BY);
        put16(&mut central, VERSION_NEEDED);
        put_common(&mut central, crc, data.len(), name.len());
        put16(&mut central, 0); // File comment length.
        put16(&mut central, 0); // Disk number start.
        put16(&mut central, 0); // Internal attributes.
        put32(&mut central, EXTERNAL_ATTRIBUTES);
        put32(&mut central, clamp32(offset));
        central.extend_from_slice(name);
    }
    let central_offset = out.len();
    let central_size = central.len();
    out.extend_from_slice(&central);

    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0); // Number of this disk.
    put16(&mut out, 0); // Disk where the central directory starts.
    put16(&mut out, clamp16(files.len()));
    put16(&mut out, clamp16(files.len()));
    put32(&mut out, clamp32(central_size));
    put32(&mut out, clamp32(central_offset));
    put16(&mut out, 0); // Comment length.
    out
}

/// The fields shared by the local header and the central directory entry,
/// from the flags to the extra field length.
fn put_common(out: &mut Vec<u8>, crc: u32, size: usize, name_len: usize) {
    put16(out, FLAG_UTF8);
    put16(out, 0); // Method: stored.
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, crc);
    put32(out, clamp32(size)); // Compressed size.
    put32(out, clamp32(size)); // Uncompressed size.
    put16(out, clamp16(name_len));
    put16(out, 0); // Extra field length.
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn clamp16(value: usize) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

fn clamp32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip uses it.
pub fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = crc_table();
    let mut crc = !0u32;
    for &byte in data {
        crc = TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            bit += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
    }

    #[test]
    fn layout_of_one_entry() {
        let zip = zip_stored(&[("a.txt", b"hi")]);
        // Local header (30) + name (5) + data (2) + central entry (46) + name (5) + end (22).
        assert_eq!(zip.len(), 30 + 5 + 2 + 46 + 5 + 22);
        assert_eq!(&zip[..4], b"PK\x03\x04");
        assert_eq!(&zip[30..37], b"a.txthi");
        assert_eq!(&zip[37..41], b"PK\x01\x02");
        assert_eq!(&zip[zip.len() - 22..zip.len() - 18], b"PK\x05\x06");
        assert_eq!(zip_stored(&[("a.txt", b"hi")]), zip, "deterministic");
    }
}
