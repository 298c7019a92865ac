//! Where a request should go when the caller says so explicitly (cluster mode): the
//! routes of GLIDE's API, borrowed from the submission buffer without copying.

use crate::error::{Error, Result};

/// An explicit route. `Default` lets the client decide from the command's keys and the
/// server's command tips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Route<'a> {
    /// No explicit route: the keys pick the slot, a keyless command follows its
    /// request policy or goes to any node.
    #[default]
    Default,
    /// Every node, primaries and replicas. The reply holds one value per node, unless
    /// the command's response policy combines them (PING, DBSIZE, ...).
    AllNodes,
    /// Every primary. The reply holds one value per primary, unless the command's
    /// response policy combines them.
    AllPrimaries,
    /// One node picked at random, for keyless commands any node can answer.
    Random,
    /// The node serving `slot`, whatever the command's keys say.
    SlotId {
        /// Slot number, below [`crate::commands::SLOT_COUNT`].
        slot: u16,
        /// A replica of that slot rather than its primary, where one is up.
        replica: bool,
    },
    /// The node serving the slot `key` hashes to (hash tags included).
    SlotKey {
        /// Any key; only its slot matters.
        key: &'a [u8],
        /// A replica of that slot rather than its primary, where one is up.
        replica: bool,
    },
    /// The node at this address as the cluster reports it, for per-node commands.
    ByAddress {
        /// Host or IP as it appears in the cluster's topology.
        host: &'a str,
        /// Its port.
        port: u16,
    },
    /// One step of a cluster-wide SCAN: the command is `SCAN <cluster cursor>
    /// [MATCH p] [COUNT n] [TYPE t]`, and the core picks the node, carries the state
    /// in the cursor and answers with the next cluster cursor (cluster mode only).
    /// With `allow_non_covered_slots`, slots no node serves are skipped instead of
    /// failing the scan.
    ClusterScan {
        /// Skip slots no node serves instead of failing.
        allow_non_covered_slots: bool,
    },
}

/// Wire codes of [`Route`] in a C ABI submission record.
pub mod code {
    /// [`Route::Default`](super::Route::Default); no data.
    pub const DEFAULT: u8 = 0;
    /// [`Route::AllNodes`](super::Route::AllNodes); no data.
    pub const ALL_NODES: u8 = 1;
    /// [`Route::AllPrimaries`](super::Route::AllPrimaries); no data.
    pub const ALL_PRIMARIES: u8 = 2;
    /// [`Route::Random`](super::Route::Random); no data.
    pub const RANDOM: u8 = 3;
    /// data: slot as u16 LE
    pub const SLOT_ID_PRIMARY: u8 = 4;
    /// Like [`SLOT_ID_PRIMARY`], to a replica of the slot.
    pub const SLOT_ID_REPLICA: u8 = 5;
    /// data: the key bytes
    pub const SLOT_KEY_PRIMARY: u8 = 6;
    /// Like [`SLOT_KEY_PRIMARY`], to a replica of the key's slot.
    pub const SLOT_KEY_REPLICA: u8 = 7;
    /// data: port u16 LE, then the host bytes
    pub const BY_ADDRESS: u8 = 8;
    /// data: one flags byte; bit 0: allow slots no node serves
    pub const CLUSTER_SCAN: u8 = 9;
    /// The low four bits of the route byte are the kind; the four high bits are
    /// per-request flags (see `RetryPolicy`). Zero keeps every retry.
    pub const KIND_MASK: u8 = 0x0f;
    /// The request is traced: a span id (u64 LE) follows the route data in its record
    /// (`RetryPolicy::span`).
    pub const TRACED: u8 = 0x10;
    /// The record is part of a batch: a blocking command in it runs on the batch's
    /// connection under the batch's timeout, as any other command of the batch.
    pub const IN_BATCH: u8 = 0x20;
    /// Do not retry server errors (TRYAGAIN, CLUSTERDOWN, LOADING, READONLY).
    pub const NO_RETRY_SERVER: u8 = 0x80;
    /// Do not retry a request whose connection broke after it was sent (it may have run).
    pub const NO_RETRY_CONNECTION: u8 = 0x40;
}

impl<'a> Route<'a> {
    /// Decodes a route from its wire code and data.
    pub fn decode(kind: u8, data: &'a [u8]) -> Result<Route<'a>> {
        let slot = || -> Result<u16> {
            match data {
                [a, b] => {
                    let s = u16::from_le_bytes([*a, *b]);
                    if s < 16384 {
                        Ok(s)
                    } else {
                        Err(Error::InvalidRequest(format!(
                            "slot {s} out of range 0..16383"
                        )))
                    }
                }
                _ => Err(Error::InvalidRequest("slot route needs 2 bytes".into())),
            }
        };
        Ok(match kind {
            code::DEFAULT => Route::Default,
            code::ALL_NODES => Route::AllNodes,
            code::ALL_PRIMARIES => Route::AllPrimaries,
            code::RANDOM => Route::Random,
            code::SLOT_ID_PRIMARY => Route::SlotId {
                slot: slot()?,
                replica: false,
            },
            code::SLOT_ID_REPLICA => Route::SlotId {
                slot: slot()?,
                replica: true,
            },
            code::SLOT_KEY_PRIMARY => Route::SlotKey {
                key: data,
                replica: false,
            },
            code::SLOT_KEY_REPLICA => Route::SlotKey {
                key: data,
                replica: true,
            },
            code::BY_ADDRESS => {
                if data.len() < 3 {
                    return Err(Error::InvalidRequest("address route too short".into()));
                }
                let port = u16::from_le_bytes([data[0], data[1]]);
                let host = std::str::from_utf8(&data[2..])
                    .map_err(|_| Error::InvalidRequest("address route host is not UTF-8".into()))?;
                Route::ByAddress { host, port }
            }
            code::CLUSTER_SCAN => match data {
                [flags] if flags & !1 == 0 => Route::ClusterScan {
                    allow_non_covered_slots: flags & 1 != 0,
                },
                _ => {
                    return Err(Error::InvalidRequest(
                        "cluster scan route needs one flags byte (0 or 1)".into(),
                    ))
                }
            },
            k => return Err(Error::InvalidRequest(format!("unknown route kind {k}"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_kind() {
        assert_eq!(Route::decode(0, &[]).unwrap(), Route::Default);
        assert_eq!(
            Route::decode(4, &[0x10, 0x00]).unwrap(),
            Route::SlotId {
                slot: 16,
                replica: false
            }
        );
        assert!(Route::decode(4, &[0xff, 0xff]).is_err());
        assert_eq!(
            Route::decode(7, b"k").unwrap(),
            Route::SlotKey {
                key: b"k",
                replica: true
            }
        );
        assert_eq!(
            Route::decode(8, &[0x39, 0x05, b'h']).unwrap(),
            Route::ByAddress {
                host: "h",
                port: 1337
            }
        );
        assert!(Route::decode(8, &[1]).is_err());
        assert_eq!(
            Route::decode(9, &[1]).unwrap(),
            Route::ClusterScan {
                allow_non_covered_slots: true
            }
        );
        assert!(Route::decode(9, &[]).is_err());
        assert!(Route::decode(9, &[2]).is_err());
        assert!(Route::decode(99, &[]).is_err());
    }
}
