//! Where a cluster client keeps its subscriptions: on the primary that owns the
//! channel's slot, for every kind. Sharded channels must be there; exact channels and
//! patterns could live anywhere, and hashing them the same way spreads them over the
//! shards and gives each a stable home.

use std::sync::{Arc, Weak};

use tokio::sync::watch;

use super::inner::Inner;
use super::topology::Intent;
use crate::connection::Node;
use crate::pubsub::{Kind, Placement};

pub(crate) struct SlotPlacement(pub Weak<Inner>);

impl Placement for SlotPlacement {
    fn node_for(&self, _kind: Kind, channel: &[u8]) -> Option<Arc<Node>> {
        let inner = self.0.upgrade()?;
        let slot = crate::commands::slot(channel);
        inner.pick(slot, Intent::Primary)
    }

    fn changes(&self) -> Option<watch::Receiver<u64>> {
        Some(self.0.upgrade()?.topo_gen.subscribe())
    }

    fn moved(&self, slot: u16, addr: &crate::config::Address) {
        if let Some(inner) = self.0.upgrade() {
            inner.on_moved(slot, addr);
        }
    }
}
