//! The code panel: open a Python program as a scenario, or export the scenario as Python or Rust.
//!
//! The work happens in the bridge worker (`client`), whose wasm is fetched on first use.

mod client;

use crate::bridge::protocol::{BridgeRequest, Said};
use crate::model::limits::MAX_SOURCE_BYTES;
use crate::ui::editor::text_view::utf16_offset;
use crate::ui::file_picker::FilePicker;
use crate::ui::hooks::{read_storage, use_local_storage};
use crate::ui::i18n::Lang;
use crate::web::dom::{download_text, file_stem, read_file};
use yew::prelude::*;

/// Where the pasted program is kept, so closing the panel or the page loses none of it.
const SOURCE_KEY: &str = "interleave.python.source";
const CPU_KEY: &str = "interleave.python.cpu";

#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    pub lang: Lang,
    /// The scenario's text, for export.
    pub text: AttrValue,
    pub title: Option<String>,
    /// A program was read: load this scenario text.
    pub on_load: Callback<String>,
    pub on_close: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    /// Waiting for the bridge (the first time, while its wasm loads).
    Working,
    /// The program is loaded; these notes say what the scenario leaves out.
    Loaded(Vec<Said>),
    /// The program could not be read: the errors, with positions.
    Refused(Vec<Said>),
    Exported(String),
    /// The bridge itself failed (its wasm did not load, …).
    Broken(String),
}

#[function_component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let lang = props.lang;
    let source = use_state(|| read_storage(SOURCE_KEY).unwrap_or_default());
    let cpu = use_state(|| read_storage(CPU_KEY).unwrap_or_default());
    use_local_storage(SOURCE_KEY, (*source).clone());
    use_local_storage(CPU_KEY, (*cpu).clone());
    let status = use_state(|| Status::Idle);
    let area = use_node_ref();

    let read = {
        let (status, on_load, on_close, cpu) = (
            status.clone(),
            props.on_load.clone(),
            props.on_close.clone(),
            cpu.clone(),
        );
        Callback::from(move |program: String| {
            if program.trim().is_empty() {
                let message = lang.t(
                    "Paste a Python program first, or choose a .py file.",
                    "请先粘贴一段 Python 程序，或选择一个 .py 文件。",
                );
                status.set(Status::Refused(vec![Said {
                    message: message.to_string(),
                    ..Said::default()
                }]));
                return;
            }
            status.set(Status::Working);
            let (status, on_load, on_close, cpu) = (
                status.clone(),
                on_load.clone(),
                on_close.clone(),
                (*cpu).clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let lang = lang.code().to_string();
                match client::ask(|id| BridgeRequest::Import {
                    id,
                    source: program,
                    cpu,
                    lang,
                })
                .await
                {
                    Ok(reply) => match reply.text {
                        Some(text) => {
                            on_load.emit(text);
                            if reply.notes.is_empty() {
                                on_close.emit(());
                            } else {
                                status.set(Status::Loaded(reply.notes));
                            }
                        }
                        None => status.set(Status::Refused(reply.errors)),
                    },
                    Err(why) => status.set(Status::Broken(why)),
                }
            });
        })
    };
    let on_read = {
        let (read, source) = (read.clone(), source.clone());
        Callback::from(move |_: MouseEvent| read.emit((*source).clone()))
    };
    let on_input = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                source.set(area.value());
            }
        })
    };
    let on_cpu = {
        let cpu = cpu.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cpu.set(input.value());
            }
        })
    };
    let on_file = {
        let (source, status, read) = (source.clone(), status.clone(), read.clone());
        Callback::from(move |file: web_sys::File| {
            if file.size() > MAX_SOURCE_BYTES as f64 {
                let kib = (file.size() / 1024.0).round();
                let message = match lang {
                    Lang::En => format!("{} is {kib} KiB; at most {} KiB can be read. Keep the part that shows the concurrency.", file.name(), MAX_SOURCE_BYTES / 1024),
                    Lang::Zh => format!("{} 有 {kib} KiB，最多只能读取 {} KiB。请只保留体现并发的那部分。", file.name(), MAX_SOURCE_BYTES / 1024),
                };
                status.set(Status::Refused(vec![Said {
                    message,
                    ..Said::default()
                }]));
                return;
            }
            let (source, status, read) = (source.clone(), status.clone(), read.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match read_file(file).await {
                    Ok(text) => {
                        source.set(text.clone());
                        read.emit(text);
                    }
                    Err(why) => status.set(Status::Broken(why)),
                }
            });
        })
    };
    let export = |target: &'static str, extension: &'static str| {
        let (status, text, title) = (status.clone(), props.text.to_string(), props.title.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(Status::Working);
            let (status, text, title) = (status.clone(), text.clone(), title.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let lang = lang.code().to_string();
                let request = |id| BridgeRequest::Export {
                    id,
                    scenario: text,
                    target: target.to_string(),
                    lang,
                };
                match client::ask(request).await {
                    Ok(reply) => match reply.text {
                        Some(program) => {
                            let name = format!("{}.{extension}", file_stem(title.as_deref()));
                            download_text(&name, &program);
                            status.set(Status::Exported(name));
                        }
                        None => status.set(Status::Refused(reply.errors)),
                    },
                    Err(why) => status.set(Status::Broken(why)),
                }
            });
        })
    };
    // An error or note, with its place; a click puts the cursor there in the program.
    let item = |said: &Said| {
        let go = {
            let (area, text, line, col) = (area.clone(), (*source).clone(), said.line, said.col);
            Callback::from(move |_: MouseEvent| {
                if let Some(area) = area.cast::<web_sys::HtmlTextAreaElement>() {
                    let at = utf16_offset(&text, line, col);
                    let _ = area.focus();
                    let _ = area.set_selection_range(at, at);
                }
            })
        };
        html! {
            <li>
                if said.line > 0 {
                    <button class="code-at" onclick={go}>{ format!("{}:{}", said.line, said.col) }</button>{ " " }
                }
                { said.message.clone() }
                if let Some(hint) = &said.hint {
                    <span class="code-hint-text">{ format!(" → {hint}") }</span>
                }
            </li>
        }
    };
    let status_html = match &*status {
        Status::Idle => html! {},
        Status::Working => {
            html! { <p id="code-status" class="code-status" data-state="working">{ lang.t("Working… (the first time, the code bridge loads)", "处理中…（第一次使用时需要加载代码桥）") }</p> }
        }
        Status::Loaded(notes) => html! {
            <div id="code-status" class="code-status" data-state="loaded">
                <p>{ lang.t("Loaded as a scenario (Ctrl+Z takes you back). What the scenario leaves out:", "已作为场景载入（按 Ctrl+Z 可撤销）。场景中省略的内容：") }</p>
                <ul class="code-list">{ for notes.iter().map(item) }</ul>
            </div>
        },
        Status::Refused(errors) => html! {
            <div id="code-status" class="code-status code-error" data-state="refused" role="alert">
                <p>{ lang.t("Interleave cannot read this program yet. Nothing was changed; your program stays in the box.", "Interleave 还无法读取这段程序。没有做任何改动；你的程序仍保留在文本框中。") }</p>
                <ul class="code-list">{ for errors.iter().map(item) }</ul>
            </div>
        },
        Status::Exported(name) => {
            html! { <p id="code-status" class="code-status" data-state="exported">{ match lang {
                Lang::En => format!("Downloaded {name}. It runs the scenario on the real runtime and prints a JSON summary to compare with the simulation."),
                Lang::Zh => format!("已下载 {name}。它在真实的运行时上运行这个场景，并输出一份 JSON 摘要，可与模拟结果对比。"),
            } }</p> }
        }
        Status::Broken(why) => {
            html! { <p id="code-status" class="code-status code-error" data-state="broken" role="alert">{ match lang {
                Lang::En => format!("The code bridge could not run ({why}). Reload the page and try again; your program is kept."),
                Lang::Zh => format!("代码桥无法运行（{why}）。请重新加载页面后再试；你的程序会被保留。"),
            } }</p> }
        }
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let working = *status == Status::Working;
    html! {
        <div id="code-panel" class="banner-box banner-share code-panel" role="dialog" aria-label={lang.t("code", "代码")}>
            <h2 class="code-title">{ lang.t("Open Python…", "打开 Python…") }</h2>
            <p class="code-hint">{ lang.t(
                "Paste a program that uses asyncio, threading, a thread pool or multiprocessing: each task, thread, job or process it starts becomes a task of the scenario. Mark CPU work with a comment such as # interleave: compute 200ms.",
                "粘贴一段使用 asyncio、threading、线程池或 multiprocessing 的程序：它启动的每个任务、线程、作业或进程都会成为场景中的一个任务。用 # interleave: compute 200ms 这样的注释标出 CPU 计算。") }</p>
            <textarea id="python-source" ref={area.clone()} class="code-source" spellcheck="false" wrap="off" value={(*source).clone()} oninput={on_input}
                placeholder="import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())"
                aria-label={lang.t("Python program", "Python 程序")} />
            <div class="code-row">
                <FilePicker id="python-file" class="header-btn" accept=".py,text/x-python,text/plain" on_file={on_file}>
                    { lang.t("Choose a .py file…", "选择 .py 文件…") }
                </FilePicker>
                <label class="code-cpu">{ lang.t("CPU functions", "CPU 函数") }
                    <input id="python-cpu" value={(*cpu).clone()} oninput={on_cpu} placeholder="work=200ms, crunch=50ms"
                        title={lang.t("Calls of these functions become compute steps of that length", "调用这些函数会成为相应时长的计算步骤")} />
                </label>
                <button id="python-read" class="header-btn header-primary" onclick={on_read} disabled={working}>{ lang.t("Read as a scenario", "读取为场景") }</button>
            </div>
            <h2 class="code-title">{ lang.t("Export this scenario as code", "把这个场景导出为代码") }</h2>
            <div class="code-row">
                <button id="export-python" class="header-btn" onclick={export("python", "py")} disabled={working}>{ lang.t("Export as Python", "导出为 Python") }</button>
                <button id="export-rust" class="header-btn" onclick={export("rust", "rs")} disabled={working}>{ lang.t("Export as Rust (tokio)", "导出为 Rust（tokio）") }</button>
            </div>
            { status_html }
            <button class="banner-close code-close" onclick={close} aria-label={lang.t("close", "关闭")}>{ "✕" }</button>
        </div>
    }
}
