//! Cluster hash slots: CRC16 (XMODEM) of the key, or of its hash tag, mod 16384.

/// Number of hash slots in a Valkey cluster.
pub const SLOT_COUNT: u16 = 16384;

/// CRC16-XMODEM (polynomial 0x1021, initial value 0, no reflection), one table
/// entry per leading byte, built at compile time.
const CRC16_TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

fn crc16(data: &[u8]) -> u16 {
    data.iter().fold(0u16, |crc, &b| {
        (crc << 8) ^ CRC16_TABLE[usize::from((crc >> 8) as u8 ^ b)]
    })
}

/// The part of `key` that is hashed: what lies between the first `{` and the
/// first `}` after it, when that is non-empty; otherwise the whole key. This is
/// what lets `{user1000}.following` and `{user1000}.followers` share a slot.
pub fn hash_tag(key: &[u8]) -> &[u8] {
    let Some(open) = key.iter().position(|&b| b == b'{') else {
        return key;
    };
    let after = &key[open + 1..];
    match after.iter().position(|&b| b == b'}') {
        Some(close) if close > 0 => &after[..close],
        _ => key,
    }
}

/// The cluster slot (0..16384) that owns `key`.
pub fn slot(key: &[u8]) -> u16 {
    crc16(hash_tag(key)) & (SLOT_COUNT - 1)
}
