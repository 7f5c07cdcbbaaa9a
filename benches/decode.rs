//! Form-decoding throughput on realistic ActiveCampaign bodies: a plain timing loop, no
//! framework. Run with `cargo bench --bench decode` (release profile, LTO).
//!
//! Corpora (the first two built through the library the catcher uses):
//! - `samples`: the sample body of every event in `acwh::events::EVENTS`, encoded the way AC
//!   sends it (`acwh::form::encode`), decoded one after the other;
//! - `large`: one ~64 KiB body, the `subscribe` sample followed by hundreds of custom contact
//!   fields (`contact[fields][N]`) with realistic values (text, e-mail addresses, dates,
//!   multi-value `||a||b||`, non-ASCII names, URLs);
//! - `vectors`: the bodies of `tests/vectors/`, which the tests use too, each as written;
//!
//! and two measurements each: `decode` (`acwh::form::decode`: body bytes to ordered pairs,
//! with the UTF-8 and percent checks) and `decode+tree` (then `acwh::form::to_tree`, the
//! nested JSON the catcher prints). Each runs for at least `BENCH_SECS` seconds (default 1.0)
//! after a warm-up; throughput is body bytes per second, MB = 10^6 bytes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use acwh::events::EVENTS;
use acwh::form::{decode, encode, to_tree};
use acwh::samples::{SampleOptions, sample};

/// The shared test vectors (`tests/vectors/README.md`), byte for byte.
const VECTORS: [&str; 10] = [
    include_str!("../tests/vectors/subscribe.form"),
    include_str!("../tests/vectors/subscribe_filled.form"),
    include_str!("../tests/vectors/deal_update.form"),
    include_str!("../tests/vectors/deal_update_tail.form"),
    include_str!("../tests/vectors/automation.form"),
    include_str!("../tests/vectors/automation_partial.form"),
    include_str!("../tests/vectors/update_2024.form"),
    include_str!("../tests/vectors/deal_update_2024.form"),
    include_str!("../tests/vectors/deal_task_add_2024.form"),
    include_str!("../tests/vectors/account_update_2024.form"),
];

/// Target size of the large body.
const LARGE: usize = 64 * 1024;

fn options() -> SampleOptions {
    SampleOptions {
        source: None,
        list: None,
        now: chrono::DateTime::parse_from_rfc3339("2026-11-23T19:32:45+00:00")
            .expect("a fixed, valid date"),
    }
}

/// Every event's sample body, encoded as AC sends it.
fn sample_bodies() -> Vec<Vec<u8>> {
    let opts = options();
    EVENTS
        .iter()
        .map(|e| {
            let pairs = sample(e.name, &opts).expect("every known event has a sample");
            encode(&pairs).into_bytes()
        })
        .collect()
}

/// The subscribe sample plus custom contact fields, until the encoded body reaches ~64 KiB.
fn large_body() -> Vec<u8> {
    let mut pairs = sample("subscribe", &options()).expect("subscribe has a sample");
    let values = [
        "Option 1",
        "||Option 1||Option 2||Option 3||",
        "jane.doe+newsletter@example.com",
        "2026-11-23 19:32:45",
        "Müller & Søn — Zürich",
        "https://example.com/landing?utm_source=ac&utm_medium=email",
        "42",
        "A longer free-text answer: the contact wrote a few sentences here, with punctuation; \
         quotes \"like this\", and a 100% honest opinion.",
        "",
        "+1 (312) 555-0142",
    ];
    let mut n = 1;
    while encode(&pairs).len() < LARGE {
        pairs.push((
            format!("contact[fields][{n}]"),
            values[n % values.len()].to_string(),
        ));
        n += 1;
    }
    encode(&pairs).into_bytes()
}

struct Row {
    corpus: &'static str,
    op: &'static str,
    bytes_per_iter: usize,
    bodies_per_iter: usize,
    iters: u64,
    elapsed: Duration,
}

/// Runs `f` over `bodies` until at least `min` has passed (after a short warm-up).
fn measure<F: Fn(&[u8]) -> usize>(bodies: &[Vec<u8>], min: Duration, f: F) -> (u64, Duration) {
    let pass = |f: &F| {
        let mut sink = 0usize;
        for b in bodies {
            sink = sink.wrapping_add(f(black_box(b)));
        }
        black_box(sink);
    };
    let warm = Instant::now();
    while warm.elapsed() < min / 10 {
        pass(&f);
    }
    let start = Instant::now();
    let mut iters = 0u64;
    loop {
        // Check the clock every few passes, so reading it costs nothing measurable.
        for _ in 0..8 {
            pass(&f);
        }
        iters += 8;
        let elapsed = start.elapsed();
        if elapsed >= min {
            return (iters, elapsed);
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to filter in a plain loop.
    let secs: f64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let min = Duration::from_secs_f64(secs);

    let samples = sample_bodies();
    let large = vec![large_body()];
    let vectors: Vec<Vec<u8>> = VECTORS.iter().map(|v| v.as_bytes().to_vec()).collect();
    let corpora: [(&'static str, &Vec<Vec<u8>>); 3] = [
        ("samples", &samples),
        ("large", &large),
        ("vectors", &vectors),
    ];

    // Sanity: every body of every corpus decodes clean, to at least one pair.
    for (name, bodies) in &corpora {
        for b in bodies.iter() {
            let d = decode(b);
            assert!(d.notes.is_empty(), "{name}: unexpected notes {:?}", d.notes);
            assert!(!d.pairs.is_empty(), "{name}: no pairs");
        }
    }

    let mut rows = Vec::new();
    for (corpus, bodies) in corpora {
        let bytes: usize = bodies.iter().map(Vec::len).sum();
        let (iters, elapsed) = measure(bodies, min, |b| decode(b).pairs.len());
        rows.push(Row {
            corpus,
            op: "decode",
            bytes_per_iter: bytes,
            bodies_per_iter: bodies.len(),
            iters,
            elapsed,
        });
        let (iters, elapsed) = measure(bodies, min, |b| {
            let tree = to_tree(&decode(b).pairs);
            tree.as_object().map_or(0, |m| m.len())
        });
        rows.push(Row {
            corpus,
            op: "decode+tree",
            bytes_per_iter: bytes,
            bodies_per_iter: bodies.len(),
            iters,
            elapsed,
        });
    }

    let sizes: Vec<usize> = samples.iter().map(Vec::len).collect();
    let pairs_large = decode(&large[0]).pairs.len();
    let vector_bytes: usize = vectors.iter().map(Vec::len).sum();
    println!(
        "acwh form decoder (release; {} event samples of {}..{} bytes, {} in all; \
         large body {} bytes, {} pairs; {} test vectors, {} bytes in all)",
        samples.len(),
        sizes.iter().min().copied().unwrap_or(0),
        sizes.iter().max().copied().unwrap_or(0),
        sizes.iter().sum::<usize>(),
        large[0].len(),
        pairs_large,
        vectors.len(),
        vector_bytes
    );
    println!(
        "{:<9} {:<12} {:>10} {:>9} {:>12} {:>10}",
        "corpus", "op", "MB/s", "time s", "µs/body", "bodies"
    );
    for r in &rows {
        let secs = r.elapsed.as_secs_f64();
        let total_bytes = r.bytes_per_iter as f64 * r.iters as f64;
        let bodies = r.bodies_per_iter as u64 * r.iters;
        println!(
            "{:<9} {:<12} {:>10.1} {:>9.2} {:>12.2} {:>10}",
            r.corpus,
            r.op,
            total_bytes / secs / 1e6,
            secs,
            secs * 1e6 / bodies as f64,
            bodies
        );
    }
}
