//! A cluster client rejecting a request before it claimed an in-flight slot must not
//! give one back (the counter would wrap and refuse every later request). No server is
//! needed: a lazy client rejects a malformed command before any routing.

use std::sync::{Arc, Mutex};

use valkite::cluster::{ClusterClient, ClusterConfig};
use valkite::{Address, ClientConfig, CompletionSink, Error, RawRequest, RequestTimeout, Route};

#[derive(Default)]
struct Recorder(Mutex<Vec<(u64, bool)>>);

impl CompletionSink for Recorder {
    fn complete(&self, token: u64, result: Result<&[u8], &Error>) {
        self.0.lock().unwrap().push((token, result.is_ok()));
    }
}

#[tokio::test]
async fn malformed_requests_cost_no_in_flight_slot() {
    let cfg = ClientConfig::new(vec![Address::new("127.0.0.1", 1)]).with_lazy_connect(true);
    let sink = Arc::new(Recorder::default());
    let client = ClusterClient::connect_with_sink(ClusterConfig::from_client(cfg), sink.clone())
        .await
        .expect("a lazy client connects without a server");
    client.submit_raw([RawRequest {
        command: b"garbage",
        token: 7,
        timeout: RequestTimeout::Default,
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    }]);
    assert_eq!(
        *sink.0.lock().unwrap(),
        vec![(7, false)],
        "exactly one failed completion"
    );
    assert_eq!(
        client.inflight(),
        0,
        "a rejected request must not release a slot"
    );
    client.close();
}
