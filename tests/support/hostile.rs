//! Legal scenarios built to make a naive checker or compiler do quadratic work: long names
//! for "did you mean", thousands of unknown names, huge task lists joined over and over. The
//! native tests bound the work they cause, and `cargo bench --bench hostile` times them.

/// A hostile scenario: a name for reports, and its text.
pub struct Hostile {
    pub name: &'static str,
    pub text: String,
}

/// Every hostile scenario, each under the 256 KiB text limit.
pub fn hostile_scenarios() -> Vec<Hostile> {
    vec![
        Hostile {
            name: "two 60,000-character names",
            text: two_long_names(60_000),
        },
        Hostile {
            name: "3,000 unknown names against 3,000 declared",
            text: many_unknown_names(3_000),
        },
        Hostile {
            name: "a 9,999-task group joined on 20,000 lines",
            text: group_joined_on_lines(9_999, 20_000),
        },
        Hostile {
            name: "a 9,999-task group joined 5,000 times on one line",
            text: group_joined_on_one_line(9_999, 5_000),
        },
    ]
}

/// A mutex with one long name, and a task locking another long name (unknown).
pub fn two_long_names(len: usize) -> String {
    let declared = "a".repeat(len);
    let used = "b".repeat(len);
    format!("mutex {declared}\n\nasync t {{\n  lock {used}\n  unlock {used}\n}}\n")
}

/// `n` declared mutexes, and one task that locks `n` undeclared ones.
pub fn many_unknown_names(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("mutex m{i}\n"));
    }
    text.push_str("\nasync t {\n");
    for i in 0..n {
        text.push_str(&format!("  lock u{i}\n"));
    }
    text.push_str("}\n");
    text
}

/// A group of `replicas` tasks that `main` joins on `lines` lines.
pub fn group_joined_on_lines(replicas: usize, lines: usize) -> String {
    let mut text = format!("async d x{replicas} {{\n}}\n\nasync main {{\n");
    for _ in 0..lines {
        text.push_str("  join d\n");
    }
    text.push_str("}\n");
    text
}

/// A group of `replicas` tasks that `main` joins `times` times in one step.
pub fn group_joined_on_one_line(replicas: usize, times: usize) -> String {
    let list = vec!["d"; times].join(", ");
    format!("async d x{replicas} {{\n}}\n\nasync main {{\n  join {list}\n}}\n")
}
