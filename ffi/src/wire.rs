//! Wire constants a host needs to build submission records and read completions,
//! exported through the generated header so that a host never re-declares them.
//!
//! The route codes are the core's (`valkite::route::code`) and the in-flight default
//! the core's configuration default; they are spelled out here because the header
//! generator cannot follow another crate's constants, and the assertions below stop the
//! build if the two ever differ.

use valkite::route::code;

/// Route kind: by the command itself (its keys, or the server's command tips).
pub const VK_ROUTE_DEFAULT: u8 = 0;
/// Route kind: every node.
pub const VK_ROUTE_ALL_NODES: u8 = 1;
/// Route kind: every primary.
pub const VK_ROUTE_ALL_PRIMARIES: u8 = 2;
/// Route kind: any one node.
pub const VK_ROUTE_RANDOM: u8 = 3;
/// Route kind: the primary of a slot; data: the slot as u16 LE.
pub const VK_ROUTE_SLOT_ID_PRIMARY: u8 = 4;
/// Route kind: a replica of a slot; data: the slot as u16 LE.
pub const VK_ROUTE_SLOT_ID_REPLICA: u8 = 5;
/// Route kind: the primary of a key's slot; data: the key.
pub const VK_ROUTE_SLOT_KEY_PRIMARY: u8 = 6;
/// Route kind: a replica of a key's slot; data: the key.
pub const VK_ROUTE_SLOT_KEY_REPLICA: u8 = 7;
/// Route kind: one node by address; data: port u16 LE, then the host.
pub const VK_ROUTE_BY_ADDRESS: u8 = 8;
/// Route kind: one step of a cluster-wide SCAN (the cursor travels in the command);
/// data: one byte, 1 to skip slots no node serves.
pub const VK_ROUTE_CLUSTER_SCAN: u8 = 9;
/// Route byte flag: do not retry server errors (TRYAGAIN, CLUSTERDOWN, LOADING, READONLY).
pub const VK_ROUTE_NO_RETRY_SERVER: u8 = 0x80;
/// Route byte flag: do not retry a request whose connection broke after it was sent.
pub const VK_ROUTE_NO_RETRY_CONNECTION: u8 = 0x40;
/// Route byte flag: the record belongs to a batch, so a blocking command in it stays on
/// the batch's connection under the batch's timeout.
pub const VK_ROUTE_IN_BATCH: u8 = 0x20;
/// Route byte flag: the request is traced; its span id (u64 LE, from
/// `vk_otel_span_start`) follows the route data in the record.
pub const VK_ROUTE_TRACED: u8 = 0x10;
/// The route byte's bits that hold the route kind.
pub const VK_ROUTE_KIND_MASK: u8 = 0x0f;

/// The in-flight limit a client gets when its configuration leaves it at 0.
pub const VK_DEFAULT_INFLIGHT_LIMIT: u32 = 1000;

const _: () = {
    assert!(VK_ROUTE_DEFAULT == code::DEFAULT);
    assert!(VK_ROUTE_ALL_NODES == code::ALL_NODES);
    assert!(VK_ROUTE_ALL_PRIMARIES == code::ALL_PRIMARIES);
    assert!(VK_ROUTE_RANDOM == code::RANDOM);
    assert!(VK_ROUTE_SLOT_ID_PRIMARY == code::SLOT_ID_PRIMARY);
    assert!(VK_ROUTE_SLOT_ID_REPLICA == code::SLOT_ID_REPLICA);
    assert!(VK_ROUTE_SLOT_KEY_PRIMARY == code::SLOT_KEY_PRIMARY);
    assert!(VK_ROUTE_SLOT_KEY_REPLICA == code::SLOT_KEY_REPLICA);
    assert!(VK_ROUTE_BY_ADDRESS == code::BY_ADDRESS);
    assert!(VK_ROUTE_CLUSTER_SCAN == code::CLUSTER_SCAN);
    assert!(VK_ROUTE_NO_RETRY_SERVER == code::NO_RETRY_SERVER);
    assert!(VK_ROUTE_NO_RETRY_CONNECTION == code::NO_RETRY_CONNECTION);
    assert!(VK_ROUTE_IN_BATCH == code::IN_BATCH);
    assert!(VK_ROUTE_TRACED == code::TRACED);
    assert!(VK_ROUTE_KIND_MASK == code::KIND_MASK);
    assert!(VK_DEFAULT_INFLIGHT_LIMIT as usize == valkite::config::DEFAULT_INFLIGHT_LIMIT);
};
