//! Client certificates for mutual TLS: given as PEM bytes, or as files that are read
//! again every reload interval, so a rotated certificate is used by the next
//! connection without restarting the client.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::ResolvesClientCert;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use rustls::SignatureScheme;

use crate::error::{Error, Result};

/// Where the client certificate comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// A PEM certificate chain and its PEM private key.
    Pem {
        /// The certificate, then any intermediates, PEM encoded.
        cert: Vec<u8>,
        /// The certificate's private key, PEM encoded.
        key: Vec<u8>,
    },
    /// PEM files, read again when a connection is made `reload` or more after the
    /// last read.
    Files {
        /// File holding the PEM certificate chain.
        cert: PathBuf,
        /// File holding the PEM private key.
        key: PathBuf,
        /// Least time between two reads of the files.
        reload: Duration,
    },
}

/// Used when files are given without an interval.
pub const DEFAULT_RELOAD: Duration = Duration::from_secs(3600);

impl std::fmt::Debug for ClientAuth {
    // The private key stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientAuth::Pem { .. } => f.write_str("ClientAuth::Pem(<redacted>)"),
            ClientAuth::Files { cert, key, reload } => f
                .debug_struct("ClientAuth::Files")
                .field("cert", cert)
                .field("key", key)
                .field("reload", reload)
                .finish(),
        }
    }
}

/// Parses a certificate chain and key into what rustls signs with.
fn certified(
    cert: &[u8],
    key: &[u8],
    provider: &rustls::crypto::CryptoProvider,
) -> Result<Arc<CertifiedKey>> {
    let bad = |m: String| Error::Configuration(m);
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| bad(format!("invalid client certificate PEM: {e}")))?;
    if chain.is_empty() {
        return Err(bad("no certificate in the client certificate PEM".into()));
    }
    // The key's own error text could quote key material: not repeated.
    let key = PrivateKeyDer::from_pem_slice(key)
        .map_err(|_| bad("invalid or missing private key in the client key PEM".into()))?;
    let signer = provider
        .key_provider
        .load_private_key(key)
        .map_err(|_| bad("unsupported client private key".into()))?;
    Ok(Arc::new(CertifiedKey::new(chain, signer)))
}

fn read(path: &PathBuf, what: &str) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| Error::Configuration(format!("reading {what} {}: {e}", path.display())))
}

/// Builds the resolver rustls asks for a certificate at each handshake. Fails when the
/// certificate cannot be loaded now.
pub(crate) fn resolver(
    auth: &ClientAuth,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<Arc<dyn ResolvesClientCert>> {
    Ok(match auth {
        ClientAuth::Pem { cert, key } => Arc::new(Fixed(certified(cert, key, &provider)?)),
        ClientAuth::Files { cert, key, reload } => {
            let loaded = certified(
                &read(cert, "client certificate")?,
                &read(key, "client key")?,
                &provider,
            )?;
            Arc::new(Reloading {
                cert: cert.clone(),
                key: key.clone(),
                every: *reload,
                provider,
                state: Mutex::new((loaded, Instant::now())),
            })
        }
    })
}

#[derive(Debug)]
struct Fixed(Arc<CertifiedKey>);

impl ResolvesClientCert for Fixed {
    fn resolve(&self, _: &[&[u8]], _: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
    fn has_certs(&self) -> bool {
        true
    }
}

struct Reloading {
    cert: PathBuf,
    key: PathBuf,
    every: Duration,
    provider: Arc<rustls::crypto::CryptoProvider>,
    state: Mutex<(Arc<CertifiedKey>, Instant)>,
}

impl std::fmt::Debug for Reloading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reloading")
            .field("cert", &self.cert)
            .finish()
    }
}

impl ResolvesClientCert for Reloading {
    fn resolve(&self, _: &[&[u8]], _: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if st.1.elapsed() >= self.every {
            st.1 = Instant::now();
            // A file caught half-written, or removed, keeps the last good pair.
            if let (Ok(c), Ok(k)) = (read(&self.cert, "cert"), read(&self.key, "key")) {
                if let Ok(ck) = certified(&c, &k, &self.provider) {
                    st.0 = ck;
                }
            }
        }
        Some(st.0.clone())
    }
    fn has_certs(&self) -> bool {
        true
    }
}
