//! The run viewer: the timeline region and, below it, the inspector, metrics and event list,
//! which share one playhead.

use crate::ui::i18n::Lang;
use crate::ui::run_view::RunView;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct RunViewerProps {
    pub run: Option<Rc<RunView>>,
    pub lang: Lang,
}

impl PartialEq for RunViewerProps {
    fn eq(&self, other: &Self) -> bool {
        let same_run = match (&self.run, &other.run) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_run && self.lang == other.lang
    }
}

#[function_component(RunViewer)]
pub fn run_viewer(props: &RunViewerProps) -> Html {
    html! {
        <>
            <section class="region timeline" aria-label={props.lang.t("timeline", "时间线")}>
                <h2>{ props.lang.t("Timeline", "时间线") }</h2>
            </section>
            <section class="region bottom" aria-label={props.lang.t("inspector and metrics", "检查器与指标")}>
                <h2>{ props.lang.t("Inspector · Metrics", "检查器 · 指标") }</h2>
            </section>
        </>
    }
}
