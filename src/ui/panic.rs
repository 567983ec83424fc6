//! A panic on the page, made visible: the work is kept first, then a banner says what broke,
//! offers a report to copy and a reload. It is built with plain DOM calls, because once Rust
//! panics in wasm the instance stops (panics abort): nothing of the app can run after it.

use crate::ui::history;
use crate::ui::hooks::read_storage;
use crate::ui::startup::KEY_TEXT;
use wasm_bindgen::JsCast;

/// Installs the page's panic hook (once, before the app mounts). Through yew, which would
/// otherwise put its own hook (a console message only) in place when the app mounts.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        // Keep the work first: the text is autosaved at every change, and now it is also a
        // version of its own in History.
        let kept = read_storage(KEY_TEXT)
            .map(|text| history::keep(&text, "").is_ok())
            .unwrap_or(false);
        web_sys::console::error_1(&format!("Interleave panicked: {message}").into());
        crate::live::pool::end_all();
        show_banner(&message, kept);
    }));
}

/// The report a user can copy: what broke, where, and the page it broke on.
fn report(message: &str) -> String {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    format!("Interleave stopped with an internal error.\n\n{message}\n\npage: {page}\nbrowser: {agent}\n")
}

fn show_banner(message: &str, kept: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let zh = document
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .is_some_and(|l| l.starts_with("zh"));
    let t = |en: &'static str, zh_text: &'static str| if zh { zh_text } else { en };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let lead = document.create_element("p").ok();
    if let Some(p) = &lead {
        let saved = match kept {
            true => t(
                "Your work is saved: after the reload it is on screen, and in History.",
                "你的内容已保存：重新加载后会显示出来，也可以在“历史”中找到。",
            ),
            false => t(
                "Your last change may not have been saved: copy your text from the editor first.",
                "你最后的修改可能没有保存：请先从编辑器里复制你的文本。",
            ),
        };
        let lead = t(
            "Interleave stopped with an internal error, so the page no longer responds.",
            "Interleave 遇到内部错误而停止，页面不再响应。",
        );
        // Chinese sentences follow each other without a space.
        let gap = if zh { "" } else { " " };
        p.set_text_content(Some(&format!("{lead}{gap}{saved}")));
        let _ = banner.append_child(p);
    }
    if let Ok(area) = document.create_element("textarea") {
        area.set_id("panic-report");
        let _ = area.set_attribute("readonly", "");
        let _ = area.set_attribute("rows", "4");
        if let Some(area) = area.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(&report(message));
        }
        let _ = banner.append_child(&area);
    }
    let actions = document.create_element("div").ok();
    if let Some(actions) = &actions {
        if let Ok(copy) = document.create_element("button") {
            copy.set_id("panic-copy");
            copy.set_text_content(Some(t("Copy the report", "复制错误报告")));
            // Its handler is plain JavaScript (static/panic-copy.js): the wasm instance cannot
            // run a Rust one any more.
            let _ = actions.append_child(&copy);
        }
        if let Ok(reload) = document.create_element("a") {
            reload.set_id("panic-reload");
            reload.set_text_content(Some(t("Reload the page", "重新加载页面")));
            let here = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_else(|| "/".to_string());
            let _ = reload.set_attribute("href", &here);
            let _ = actions.append_child(&reload);
        }
        let _ = banner.append_child(actions);
    }
    let _ = body.prepend_with_node_1(&banner);
}
