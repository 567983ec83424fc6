//! The resources panel: declare, rename (every use follows), set up and delete shared resources.

use super::ctx::EditorCtx;
use super::fields::{NumberField, Select, TextField};
use super::words::res_class_label;
use crate::model::edit::{
    add_resource, delete_resource, rename_resource, resource_uses, set_resource_kind, ResClass,
};
use crate::model::{Resource, ResourceKind};
use crate::ui::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResourcesPanelProps {
    pub ctx: EditorCtx,
}

/// The parameter fields of one resource.
fn resource_params(ctx: &EditorCtx, r: &Resource) -> Html {
    let lang = ctx.lang;
    let name = r.name.clone();
    let set = move |ctx: &EditorCtx,
                    f: fn(Option<i64>, &ResourceKind) -> Option<ResourceKind>,
                    kind: ResourceKind| {
        let name = name.clone();
        ctx.callback(move |s, v: Option<i64>| match f(v, &kind) {
            Some(kind) => set_resource_kind(s, &name, kind),
            None => Ok(()),
        })
    };
    match r.kind {
        ResourceKind::Semaphore { permits } => {
            let on = set(
                ctx,
                |v, _| {
                    Some(ResourceKind::Semaphore {
                        permits: u32::try_from(v?).ok()?,
                    })
                },
                r.kind,
            );
            html! {
                <>
                    <span class="editor-word">{ "=" }</span>
                    <NumberField value={Some(i64::from(permits))} on_commit={on} min={Some(0)} max={Some(i64::from(u32::MAX))}
                        label={lang.t("permits", "许可数")} />
                    <span class="editor-muted">{ lang.t("permits", "个许可") }</span>
                </>
            }
        }
        ResourceKind::Var { init } => {
            let on = set(ctx, |v, _| Some(ResourceKind::Var { init: v? }), r.kind);
            html! {
                <>
                    <span class="editor-word">{ "=" }</span>
                    <NumberField value={Some(init)} on_commit={on} label={lang.t("initial value", "初始值")} />
                </>
            }
        }
        ResourceKind::Channel { capacity } => {
            let mode = match capacity {
                None => "unbounded",
                Some(0) => "rendezvous",
                Some(_) => "bounded",
            };
            let on_mode = {
                let name = r.name.clone();
                ctx.callback(move |s, mode: String| {
                    let capacity = match mode.as_str() {
                        "rendezvous" => Some(0),
                        "bounded" => Some(capacity.filter(|c| *c > 0).unwrap_or(1)),
                        _ => None,
                    };
                    set_resource_kind(s, &name, ResourceKind::Channel { capacity })
                })
            };
            let on_cap = set(
                ctx,
                |v, _| {
                    Some(ResourceKind::Channel {
                        capacity: Some(u32::try_from(v?).ok()?),
                    })
                },
                r.kind,
            );
            html! {
                <>
                    <Select value={mode} on_change={on_mode} label={lang.t("capacity", "容量")}>
                        <option value="unbounded">{ lang.t("unbounded", "无界") }</option>
                        <option value="bounded">{ lang.t("bounded", "有界") }</option>
                        <option value="rendezvous">{ lang.t("rendezvous (0)", "同步交接（0）") }</option>
                    </Select>
                    if let Some(c) = capacity.filter(|c| *c > 0) {
                        <NumberField value={Some(i64::from(c))} on_commit={on_cap} min={Some(1)} max={Some(i64::from(u32::MAX))}
                            label={lang.t("messages it holds", "可容纳的消息数")} />
                    }
                </>
            }
        }
        ResourceKind::Mutex | ResourceKind::RwLock | ResourceKind::Condvar => html! {},
    }
}

#[function_component(ResourcesPanel)]
pub fn resources_panel(props: &ResourcesPanelProps) -> Html {
    let ctx = &props.ctx;
    let lang = ctx.lang;
    let s = &ctx.scenario;
    let rows = s.resources.iter().map(|r| {
        let old = r.name.clone();
        let on_name = ctx.callback(move |s, new: String| rename_resource(s, &old, &new).map(|_| ()));
        let gone = r.name.clone();
        let remove = ctx.on_click(move |s| delete_resource(s, &gone).map(|_| ()));
        let uses = resource_uses(s, &r.name);
        let remove_title = if uses == 0 {
            lang.t("delete", "删除").to_string()
        } else {
            match lang {
                Lang::En => format!("delete, with the steps that use it ({uses})"),
                Lang::Zh => format!("删除，连同使用它的步骤（{uses} 处）"),
            }
        };
        let class = ResClass::of(&r.kind);
        html! {
            <li class="editor-resource" key={r.name.clone()} data-resource={r.name.clone()} data-kind={class.word()}>
                <span class="editor-res-kind" title={res_class_label(class, lang)}>{ class.word() }</span>
                <TextField value={r.name.clone()} on_commit={on_name} class="editor-name"
                    label={lang.t("name (renaming updates every use)", "名称（改名会同步更新所有引用）")} testid="resource-name" />
                { resource_params(ctx, r) }
                <button class="editor-tool editor-danger" onclick={remove} title={remove_title.clone()} aria-label={remove_title}>{ "✕" }</button>
            </li>
        }
    });
    let on_add = ctx.callback(|s, word: String| {
        if let Some(class) = ResClass::ALL.into_iter().find(|c| c.word() == word) {
            add_resource(s, class);
        }
        Ok(())
    });
    let options = ResClass::ALL.iter().map(|c| {
        html! { <option value={c.word()}>{ format!("{} — {}", c.word(), res_class_label(*c, lang)) }</option> }
    });
    html! {
        <section class="editor-section editor-resources" aria-label={lang.t("resources", "资源")}>
            <div class="editor-section-head">
                <span class="editor-section-title">{ lang.t("Resources", "资源") }</span>
                <Select value="" on_change={on_add} class="editor-add-resource" testid="add-resource"
                    label={lang.t("declare a shared resource", "声明一个共享资源")}>
                    <option value="">{ lang.t("+ resource", "+ 资源") }</option>
                    { for options }
                </Select>
            </div>
            if !s.resources.is_empty() {
                <ul class="editor-resource-list">{ for rows }</ul>
            }
        </section>
    }
}
