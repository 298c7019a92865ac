//! The clients under test behind one enum, so the measured loop calls them
//! without boxing or dynamic dispatch of futures.

use fred::prelude::{Builder, ClientLike, Config, KeysInterface};

pub enum Bench {
    Fred(fred::clients::Client),
    Redis(redis::aio::MultiplexedConnection),
    #[cfg(feature = "valkite")]
    Valkite(valkite::Client),
}

pub const NAMES: &[&str] = &[
    #[cfg(feature = "valkite")]
    "valkite (Rust)",
    "fred",
    "redis-rs",
];

pub async fn connect(name: &str, port: u16) -> Result<Bench, String> {
    match name {
        "fred" => {
            let cfg = Config::from_url(&format!("redis://127.0.0.1:{port}"))
                .map_err(|e| e.to_string())?;
            let c = Builder::from_config(cfg)
                .build()
                .map_err(|e| e.to_string())?;
            c.init().await.map_err(|e| e.to_string())?;
            Ok(Bench::Fred(c))
        }
        "redis-rs" => {
            let c = redis::Client::open(format!("redis://127.0.0.1:{port}/"))
                .map_err(|e| e.to_string())?;
            let m = c
                .get_multiplexed_async_connection()
                .await
                .map_err(|e| e.to_string())?;
            Ok(Bench::Redis(m))
        }
        #[cfg(feature = "valkite")]
        "valkite (Rust)" => {
            let cfg = valkite::ClientConfig::new(vec![valkite::Address::new("127.0.0.1", port)]);
            let c = valkite::Client::connect(cfg)
                .await
                .map_err(|e| e.to_string())?;
            Ok(Bench::Valkite(c))
        }
        other => Err(format!("unknown client {other}")),
    }
}

impl Bench {
    /// A handle for one task; all handles share the client's connection(s).
    pub fn handle(&self) -> Bench {
        match self {
            Bench::Fred(c) => Bench::Fred(c.clone()),
            Bench::Redis(c) => Bench::Redis(c.clone()),
            #[cfg(feature = "valkite")]
            Bench::Valkite(c) => Bench::Valkite(c.clone()),
        }
    }

    pub async fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match self {
            Bench::Fred(c) => c
                .set::<(), _, _>(key, value, None, None, false)
                .await
                .map_err(|e| e.to_string()),
            Bench::Redis(c) => {
                let r: String = redis::cmd("SET")
                    .arg(key)
                    .arg(value)
                    .query_async(c)
                    .await
                    .map_err(|e| e.to_string())?;
                if r == "OK" {
                    Ok(())
                } else {
                    Err(format!("SET replied {r:?}"))
                }
            }
            #[cfg(feature = "valkite")]
            Bench::Valkite(c) => match c.send(valkite::cmd(["SET", key, value])).await {
                Ok(valkite::Value::SimpleString(s)) if s == "OK" => Ok(()),
                Ok(other) => Err(format!("SET replied {other:?}")),
                Err(e) => Err(e.to_string()),
            },
        }
    }

    /// Returns whether the reply equals `expect` (None: whether it was a nil).
    pub async fn get(&mut self, key: &str, expect: Option<&str>) -> Result<bool, String> {
        match self {
            Bench::Fred(c) => {
                let v: Option<String> = c.get(key).await.map_err(|e| e.to_string())?;
                Ok(v.as_deref() == expect)
            }
            Bench::Redis(c) => {
                let v: Option<Vec<u8>> = redis::cmd("GET")
                    .arg(key)
                    .query_async(c)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(v.as_deref() == expect.map(str::as_bytes))
            }
            #[cfg(feature = "valkite")]
            Bench::Valkite(c) => match c.send(valkite::cmd(["GET", key])).await {
                Ok(valkite::Value::BulkString(b)) => Ok(Some(&b[..]) == expect.map(str::as_bytes)),
                Ok(valkite::Value::Nil) => Ok(expect.is_none()),
                Ok(other) => Err(format!("GET replied {other:?}")),
                Err(e) => Err(e.to_string()),
            },
        }
    }
}
