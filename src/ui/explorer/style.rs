//! The Explorer panel's styles, shipped with the component so it needs no change to the page's stylesheet.

/// Uses the page's theme variables (`--panel`, `--border`, `--muted`, the state colours).
pub const CSS: &str = r#"
.explorer { display: flex; flex-direction: column; gap: 6px; padding: 8px 10px; font-size: 13px;
  background: var(--panel); border: 1px solid var(--border); color: var(--fg); overflow: auto; min-height: 0; }
.explore-head { display: flex; align-items: center; gap: 6px; }
.explore-head .banner-close { margin-left: auto; }
.explore-tab { border: 1px solid var(--border); background: transparent; color: inherit; border-radius: 4px;
  padding: 2px 8px; cursor: pointer; }
.explore-tab.active { border-color: var(--accent); box-shadow: inset 0 -2px 0 var(--accent); }
.explore-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; }
.explore-field { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); }
.explore-field input { width: 7em; }
.explore-progress-box progress { width: 100%; height: 8px; }
.explore-note { margin: 0; color: var(--muted); }
.explore-note.error { color: var(--blocked); }
.explore-stale { color: var(--blocked); }
.explore-groups { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.explore-group { display: flex; align-items: stretch; gap: 4px; }
.explore-show { flex: 1; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; text-align: left;
  background: var(--bg); color: inherit; border: 1px solid var(--border); border-radius: 4px; padding: 4px 6px; cursor: pointer; }
.explore-group.selected .explore-show { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
.explore-link { border: 1px solid var(--border); background: var(--bg); border-radius: 4px; cursor: pointer; }
.xk { font-weight: 600; padding: 0 5px; border-radius: 3px; border: 1px solid currentColor; }
.xk-deadlock { color: var(--blocked); border-width: 2px; }
.xk-failed { color: var(--failed); }
.xk-limit { color: var(--cancelled); border-style: dashed; }
.xk-expect { color: var(--ready); }
.xk-ok { color: var(--log); }
.explore-vars { font-family: ui-monospace, monospace; }
.explore-expect { color: var(--blocked); }
.explore-meta { color: var(--muted); width: 100%; font-size: 12px; }
.explore-tallies { margin: 0; padding-left: 18px; color: var(--muted); }
.sched-game { display: flex; flex-direction: column; gap: 6px; }
.sched-question { margin: 0; font-weight: 600; }
.sched-note { display: block; font-weight: normal; color: var(--blocked); }
.sched-offers { display: flex; flex-wrap: wrap; gap: 6px; }
.sched-offer { border: 1px solid var(--border); background: var(--bg); color: inherit; border-radius: 4px;
  padding: 4px 10px; cursor: pointer; }
.sched-offer.default { border-color: var(--accent); }
.sched-next { display: block; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: var(--muted); margin-top: 2px; }
.sched-outcome { margin: 4px 0; padding-left: 18px; }
#sched-finished p { margin: 0; }
.sched-default { color: var(--muted); font-size: 12px; }
.sched-bar { display: flex; align-items: center; gap: 8px; color: var(--muted); }
.sched-so-far code { word-break: break-all; }
"#;
