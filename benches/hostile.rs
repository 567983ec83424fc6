//! Hostile but legal scenarios, checked and run natively (`cargo bench --bench hostile`, or
//! `cargo bench --bench hostile -- NAME-PART` for one). Each line is one scenario: how long
//! `check` (parse and validate) and `run` (simulate) took, best of three.

#[path = "../tests/support/hostile.rs"]
mod hostile;

use interleave::model::{parse, validate};
use interleave::sim::{simulate, SimOptions};
use std::time::{Duration, Instant};

fn best_of(rounds: u32, mut work: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    println!("hostile scenarios: check (parse + validate) and run (simulate), best of 3");
    for h in hostile::hostile_scenarios() {
        if !only.is_empty() && !only.iter().any(|o| h.name.contains(o.as_str())) {
            continue;
        }
        let mut problems = 0;
        let check = best_of(3, || {
            problems = match parse(&h.text) {
                Ok(scenario) => validate(&scenario).len(),
                Err(diagnostics) => diagnostics.len(),
            };
        });
        let run = match parse(&h.text) {
            Ok(scenario) if !validate(&scenario).iter().any(|d| d.is_error()) => {
                let mut events = 0;
                let took = best_of(3, || {
                    events = simulate(&scenario, &SimOptions::default())
                        .trace
                        .events
                        .len();
                });
                format!("run {:>9.2} ms ({events} events)", took.as_secs_f64() * 1e3)
            }
            _ => "run: not runnable (it has errors)".to_string(),
        };
        println!(
            "{:<52} {:>7} KB  check {:>9.2} ms ({problems} diagnostics)  {run}",
            h.name,
            h.text.len() / 1024,
            check.as_secs_f64() * 1e3
        );
    }
}
