//! Standalone node discovery (`NodeDiscovery::DiscoverAll`): from whichever configured
//! addresses answer, find the primary (a replica names it in ROLE) and every replica
//! the primary reports, so a client given one address of a replicated deployment uses
//! all of it.

use crate::client::Client;
use crate::config::{Address, ClientConfig, NodeDiscovery};
use crate::error::{Error, Result};
use crate::resp::Value;

/// What one node's ROLE reply says about the deployment.
#[derive(Debug, Default, PartialEq, Eq)]
struct RoleFacts {
    /// Set when the node is a replica: its primary.
    primary: Option<Address>,
    /// Set when the node is a primary: its replicas.
    replicas: Vec<Address>,
    is_primary: bool,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::SimpleString(s) => Some(s.clone()),
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::VerbatimString { text, .. } => Some(text.clone()),
        Value::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn address(host: &Value, port: &Value) -> Option<Address> {
    let port = text(port)?.parse::<u16>().ok().filter(|p| *p != 0)?;
    let host = text(host).filter(|h| !h.is_empty())?;
    Some(Address::new(host, port))
}

fn parse_role(v: &Value) -> Option<RoleFacts> {
    let (Value::Array(items) | Value::Push(items)) = v else {
        return None;
    };
    let mut facts = RoleFacts::default();
    match text(items.first()?)?.as_str() {
        "master" | "primary" => {
            facts.is_primary = true;
            if let Some(Value::Array(replicas)) = items.get(2) {
                for r in replicas {
                    if let Value::Array(r) = r {
                        if let (Some(h), Some(p)) = (r.first(), r.get(1)) {
                            facts.replicas.extend(address(h, p));
                        }
                    }
                }
            }
        }
        "slave" | "replica" => facts.primary = address(items.get(1)?, items.get(2)?),
        _ => return None,
    }
    Some(facts)
}

/// ROLE of every node of a probe client over `addrs` (read-only, roles not checked,
/// so it connects whatever the nodes are).
async fn roles(cfg: &ClientConfig, addrs: Vec<Address>) -> Result<Vec<(Address, RoleFacts)>> {
    let mut probe_cfg = cfg.clone();
    probe_cfg.addresses = addrs;
    probe_cfg.read_only = true;
    probe_cfg.node_discovery = NodeDiscovery::Static;
    probe_cfg.lazy_connect = false;
    let probe = Box::pin(Client::connect(probe_cfg)).await?;
    let mut out = Vec::new();
    for (i, addr) in probe.addresses().into_iter().enumerate() {
        if let Ok(v) = probe.send_to_index(i, crate::cmd(["ROLE"])).await {
            if let Some(f) = parse_role(&v) {
                out.push((addr, f));
            }
        }
    }
    probe.close();
    Ok(out)
}

/// The addresses a DiscoverAll client connects to: the primary first, then the
/// configured addresses, then every replica the primary reports.
pub(crate) async fn discover_all(cfg: &ClientConfig) -> Result<Vec<Address>> {
    let found = roles(cfg, cfg.addresses.clone()).await?;
    let mut primary = found
        .iter()
        .find(|(_, f)| f.is_primary)
        .map(|(a, _)| a.clone());
    let mut replicas: Vec<Address> = found
        .iter()
        .find(|(_, f)| f.is_primary)
        .map(|(_, f)| f.replicas.clone())
        .unwrap_or_default();
    if primary.is_none() {
        let named = found
            .iter()
            .find_map(|(_, f)| f.primary.clone())
            .ok_or_else(|| {
                Error::Connection("node discovery: no configured node named a primary".into())
            })?;
        let asked = roles(cfg, vec![named.clone()]).await?;
        if let Some((_, f)) = asked.into_iter().find(|(_, f)| f.is_primary) {
            replicas = f.replicas;
        }
        primary = Some(named);
    }
    let mut all: Vec<Address> = Vec::new();
    for a in primary
        .into_iter()
        .chain(cfg.addresses.iter().cloned())
        .chain(replicas)
    {
        if !all.contains(&a) {
            all.push(a);
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn bulk(s: &str) -> Value {
        Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
    }

    #[test]
    fn reads_both_roles() {
        let primary = Value::Array(vec![
            bulk("master"),
            Value::Integer(10),
            Value::Array(vec![Value::Array(vec![
                bulk("127.0.0.1"),
                bulk("7001"),
                bulk("10"),
            ])]),
        ]);
        let f = parse_role(&primary).unwrap();
        assert!(f.is_primary);
        assert_eq!(f.replicas, vec![Address::new("127.0.0.1", 7001)]);
        let replica = Value::Array(vec![
            bulk("slave"),
            bulk("127.0.0.1"),
            Value::Integer(7000),
            bulk("connected"),
            Value::Integer(10),
        ]);
        let f = parse_role(&replica).unwrap();
        assert_eq!(f.primary, Some(Address::new("127.0.0.1", 7000)));
        assert!(parse_role(&bulk("x")).is_none());
    }
}
