//! TLS with rustls. Verification is on by default (platform roots, or the PEM roots the
//! user supplies); the insecure mode exists for test rigs and is only used when asked for.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::config::TlsConfig;
use crate::error::{Error, Result};

/// Parses a PEM bundle into a root store; an empty or unreadable bundle is a configuration
/// error rather than a silent "trust nothing".
pub fn parse_roots(pem: &[u8]) -> Result<RootCertStore> {
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem) {
        let cert =
            cert.map_err(|e| Error::Configuration(format!("invalid PEM root certificate: {e}")))?;
        store
            .add(cert)
            .map_err(|e| Error::Configuration(format!("unusable root certificate: {e}")))?;
    }
    if store.is_empty() {
        return Err(Error::Configuration(
            "no certificates found in the root certificate PEM".into(),
        ));
    }
    Ok(store)
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the connector once per client; every connection (and reconnection) reuses it,
/// which also lets rustls resume sessions.
pub fn connector(cfg: &TlsConfig) -> Result<TlsConnector> {
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Configuration(format!("TLS setup: {e}")))?;
    let client_cert = cfg
        .client_auth
        .as_ref()
        .map(|a| crate::tls_client_auth::resolver(a, provider()))
        .transpose()?;
    let with_auth =
        |b: rustls::ConfigBuilder<rustls::ClientConfig, rustls::client::WantsClientCert>| {
            match &client_cert {
                Some(r) => b.with_client_cert_resolver(r.clone()),
                None => b.with_no_client_auth(),
            }
        };
    let mut config = if cfg.insecure {
        with_auth(
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCert(provider()))),
        )
    } else {
        let roots = match &cfg.root_certs_pem {
            Some(pem) => parse_roots(pem)?,
            None => {
                let mut store = RootCertStore::empty();
                let found = rustls_native_certs::load_native_certs();
                for cert in found.certs {
                    let _ = store.add(cert); // one odd platform cert must not sink the rest
                }
                store
            }
        };
        with_auth(builder.with_root_certificates(roots))
    };
    if matches!(
        cfg.client_auth,
        Some(crate::tls_client_auth::ClientAuth::Files { .. })
    ) {
        // A resumed session keeps the identity it was made with: a reloaded
        // certificate must reach the server, so every connection shakes hands fully.
        config.resumption = rustls::client::Resumption::disabled();
    }
    Ok(TlsConnector::from(Arc::new(config)))
}

/// Runs the TLS handshake over an established TCP stream.
pub async fn handshake(
    connector: &TlsConnector,
    host: &str,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| Error::Configuration(format!("invalid TLS server name {host:?}: {e}")))?;
    connector
        .connect(name, tcp)
        .await
        .map_err(|e| Error::Connection(format!("TLS handshake with {host} failed: {e}")))
}

/// Verifier for insecure mode: accepts any certificate, still checks signatures are well
/// formed so the handshake itself is real.
#[derive(Debug)]
struct AcceptAnyCert(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
