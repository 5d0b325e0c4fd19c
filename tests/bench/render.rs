//! In-memory rendering benchmark: loading the embedded templates, and rendering a repository
//! with all four kinds of component, each repeated and reported as median and spread.
//! Run with `cargo bench --bench render` (see docs/benchmarks.md).

use std::time::{Duration, Instant};

use packer_scaffold::Kind;
use packer_scaffold::Renderer;
use packer_scaffold::{Answers, Plugin};

fn answers() -> Answers {
    Answers {
        name: "custom-cloud".into(),
        kinds: Kind::ALL.to_vec(),
        org: "acme".into(),
        module: "github.com/acme/packer-plugin-custom-cloud".into(),
        author: "Acme Corp".into(),
        description: "A Packer plugin for Custom Cloud.".into(),
        year: 2026,
        skeleton: Default::default(),
    }
}

/// Runs `f` `runs` times after a warm-up and prints the median, the fastest and the slowest.
fn measure(what: &str, runs: usize, mut f: impl FnMut()) {
    for _ in 0..runs / 10 + 1 {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{what:<44} median {:>9.3} ms   min {:>9.3} ms   max {:>9.3} ms   ({runs} runs)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let plugin = Plugin::new(&answers());
    measure(
        "load the embedded templates (each is read when first rendered)",
        runs,
        || {
            std::hint::black_box(Renderer::new().unwrap());
        },
    );
    let renderer = Renderer::new().unwrap();
    let files = renderer.repository(&plugin).unwrap().files.len();
    measure(
        &format!("render all four kinds ({files} files)"),
        runs,
        || {
            std::hint::black_box(renderer.repository(&plugin).unwrap());
        },
    );
    measure("load, then render all four kinds", runs, || {
        let renderer = Renderer::new().unwrap();
        std::hint::black_box(renderer.repository(&plugin).unwrap());
    });
}
