//! valkite-rust-bench: the SET/GET workload of the Go harness (16-byte keys,
//! 64-byte values, N tasks sharing one client) through valkite's Rust API,
//! fred and redis-rs, in turn for several rounds. Prints one JSON line per
//! cell on stdout (merged into BENCHMARKS.md by the Go harness) and a summary
//! table on stderr.

mod clients;
mod hist;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hist::Hist;

const KEYSPACE: usize = 100_000;
const VAL_SIZE: usize = 64;
const SAMPLE_EVERY: u64 = 4;
const VERIFY_EVERY: u64 = 64;

struct Args {
    port: u16,
    tasks: Vec<usize>,
    duration: Duration,
    warmup: Duration,
    rounds: usize,
    max_ops: u64,
    /// Only these clients (all when empty): for profiling one at a time.
    only: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        port: 6379,
        tasks: vec![1, 16, 64],
        duration: Duration::from_secs(2),
        warmup: Duration::from_millis(200),
        rounds: 3,
        max_ops: 5_000_000,
        only: Vec::new(),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let val = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--port" => a.port = num(val)? as u16,
            "--tasks" => {
                a.tasks = val
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map_err(|e| e.to_string()))
                    .collect::<Result<_, _>>()?
            }
            "--duration-ms" => a.duration = Duration::from_millis(num(val)?),
            "--warmup-ms" => a.warmup = Duration::from_millis(num(val)?),
            "--rounds" => a.rounds = num(val)? as usize,
            "--max-ops" => a.max_ops = num(val)?,
            "--clients" => a.only = val.split(',').map(|s| s.trim().to_string()).collect(),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(a)
}

/// The same deterministic keys and values as the Go harness (harness.Key and
/// harness.Value), so GETs verify against the orchestrator's prefill.
fn key(i: usize) -> String {
    format!("k64:{i:012}")
}

fn value(i: usize) -> String {
    let mut v = key(i).into_bytes();
    while v.len() < VAL_SIZE {
        v.push(b'a' + ((i + v.len()) % 26) as u8);
    }
    String::from_utf8(v).unwrap_or_default()
}

struct Data {
    keys: Vec<String>,
    values: Vec<String>,
}

#[derive(Default)]
struct Tally {
    ops: u64,
    errors: u64,
    verified: u64,
    verify_fails: u64,
    first_error: Option<String>,
}

/// CPU time of the whole process (every thread, including the runtime's
/// workers) in nanoseconds: the sum of each thread's on-CPU time from
/// /proc/self/task/*/schedstat, which keeps this crate free of `unsafe`.
fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("schedstat")).ok())
        .filter_map(|s| {
            s.split_whitespace()
                .next()
                .and_then(|f| f.parse::<u64>().ok())
        })
        .sum()
}

async fn one_task(
    mut c: clients::Bench,
    data: Arc<Data>,
    get: bool,
    stop: Arc<AtomicBool>,
    quota: u64,
    seed: u64,
) -> (Tally, Hist) {
    let mut t = Tally::default();
    let mut h = Hist::new();
    let mut rng = seed | 1;
    let mut seq = 0u64;
    while !stop.load(Ordering::Relaxed) && seq < quota {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        let i = (rng.wrapping_mul(2685821657736338717) % KEYSPACE as u64) as usize;
        let timed = seq.is_multiple_of(SAMPLE_EVERY);
        let t0 = timed.then(Instant::now);
        let res = if get {
            c.get(&data.keys[i], Some(&data.values[i])).await.map(|ok| {
                if seq.is_multiple_of(VERIFY_EVERY) {
                    t.verified += 1;
                    if !ok {
                        t.verify_fails += 1;
                    }
                }
            })
        } else {
            c.set(&data.keys[i], &data.values[i]).await
        };
        if let Some(t0) = t0 {
            h.record(t0.elapsed().as_nanos() as u64);
        }
        match res {
            Ok(()) => t.ops += 1,
            Err(e) => {
                t.errors += 1;
                t.first_error.get_or_insert(e);
            }
        }
        seq += 1;
    }
    (t, h)
}

struct CellResult {
    tally: Tally,
    hist: Hist,
    elapsed: Duration,
    cpu: u64,
}

async fn measure(
    c: &clients::Bench,
    data: &Arc<Data>,
    get: bool,
    tasks: usize,
    dur: Duration,
    max_ops: u64,
) -> CellResult {
    let stop = Arc::new(AtomicBool::new(false));
    let quota = max_ops / tasks as u64 + 1;
    let cpu0 = cpu_ns();
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|n| {
            let seed = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            tokio::spawn(one_task(
                c.handle(),
                data.clone(),
                get,
                stop.clone(),
                quota,
                seed,
            ))
        })
        .collect();
    let stopper = {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(dur).await;
            stop.store(true, Ordering::Relaxed);
        })
    };
    let mut out = CellResult {
        tally: Tally::default(),
        hist: Hist::new(),
        elapsed: Duration::ZERO,
        cpu: 0,
    };
    for h in handles {
        match h.await {
            Ok((t, hist)) => {
                out.tally.ops += t.ops;
                out.tally.errors += t.errors;
                out.tally.verified += t.verified;
                out.tally.verify_fails += t.verify_fails;
                if out.tally.first_error.is_none() {
                    out.tally.first_error = t.first_error;
                }
                out.hist.merge(&hist);
            }
            Err(e) => {
                out.tally.errors += 1;
                out.tally.first_error.get_or_insert(e.to_string());
            }
        }
    }
    out.elapsed = start.elapsed();
    out.cpu = cpu_ns().saturating_sub(cpu0);
    stopper.abort();
    out
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("valkite-rust-bench: {e}");
            std::process::exit(2);
        }
    };
    let data = Arc::new(Data {
        keys: (0..KEYSPACE).map(key).collect(),
        values: (0..KEYSPACE).map(value).collect(),
    });
    let mut summary = Vec::new();
    for round in 1..=args.rounds {
        for (wname, get) in [("set64", false), ("get64", true)] {
            for &tasks in &args.tasks {
                let names = clients::NAMES;
                for k in 0..names.len() {
                    let name = names[(k + round + tasks) % names.len()];
                    if !args.only.is_empty() && !args.only.iter().any(|o| o == name) {
                        continue;
                    }
                    let head = format!(
                        "{{\"client\":{},\"topology\":\"rust\",\"workload\":\"{wname}\",\"callers\":{tasks},\"round\":{round}",
                        json_str(name)
                    );
                    let client = match clients::connect(name, args.port).await {
                        Ok(c) => c,
                        Err(e) => {
                            println!(
                                "{head},\"skipped\":{}}}",
                                json_str(&format!("connect: {e}"))
                            );
                            continue;
                        }
                    };
                    if !args.warmup.is_zero() {
                        measure(&client, &data, get, tasks, args.warmup, args.max_ops / 4).await;
                    }
                    let r = measure(&client, &data, get, tasks, args.duration, args.max_ops).await;
                    drop(client);
                    let ops = r.tally.ops.max(1) as f64;
                    let ops_s = r.tally.ops as f64 / r.elapsed.as_secs_f64();
                    let (p50, p99) = (r.hist.quantile(0.5), r.hist.quantile(0.99));
                    let mut line = format!(
                        "{head},\"ops\":{},\"errors\":{},\"verified\":{},\"verify_fails\":{},\"elapsed_ns\":{},\"ops_per_sec\":{ops_s:.1},\"p50_ns\":{p50},\"p99_ns\":{p99},\"allocs_per_op\":-1,\"bytes_per_op\":-1,\"cpu_ns_per_op\":{:.1}",
                        r.tally.ops,
                        r.tally.errors,
                        r.tally.verified,
                        r.tally.verify_fails,
                        r.elapsed.as_nanos(),
                        r.cpu as f64 / ops
                    );
                    if let Some(e) = &r.tally.first_error {
                        line.push_str(&format!(",\"first_error\":{}", json_str(e)));
                    }
                    line.push('}');
                    println!("{line}");
                    summary.push((
                        round,
                        wname,
                        tasks,
                        name,
                        ops_s,
                        p50,
                        p99,
                        r.tally.errors,
                        r.tally.verify_fails,
                    ));
                }
            }
        }
    }
    eprintln!(
        "| round | workload | tasks | client | ops/s | p50 µs | p99 µs | errors | verify fails |"
    );
    eprintln!("|---|---|---|---|---|---|---|---|---|");
    for (round, w, t, n, ops, p50, p99, errs, vf) in summary {
        eprintln!(
            "| {round} | {w} | {t} | {n} | {ops:.0} | {:.1} | {:.1} | {errs} | {vf} |",
            p50 as f64 / 1e3,
            p99 as f64 / 1e3
        );
    }
}
