//! Controlled form fields that commit on change and show the model's value again when an
//! edit is refused: text, paragraphs, whole numbers, durations and selects.

use crate::model::{in_largest_unit, Micros, UNITS};
use yew::prelude::*;

/// A duration as a number and the largest unit that divides it exactly.
pub fn split_duration(us: Micros) -> (Micros, &'static str) {
    // A zero reads best in seconds in a picker.
    if us == 0 {
        return (0, "s");
    }
    in_largest_unit(us)
}

fn unit_size(unit: &str) -> Micros {
    UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, size)| *size)
        .unwrap_or(1)
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub value: AttrValue,
    pub on_commit: Callback<String>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// A paragraph box (lesson texts) instead of one line.
    #[prop_or_default]
    pub paragraph: bool,
}

/// A text input that commits when the user leaves it (or presses Enter, on one line).
#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let refresh = use_force_update();
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let value = match e.target_dyn_into::<web_sys::HtmlInputElement>() {
                Some(input) => Some(input.value()),
                None => e
                    .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                    .map(|area| area.value()),
            };
            if let Some(value) = value {
                on_commit.emit(value);
            }
            // Re-render: if the edit was refused, the field shows the model's value again.
            refresh.force_update();
        })
    };
    if props.paragraph {
        return html! {
            <textarea class={classes!("editor-input", "editor-paragraph", props.class.clone())} value={props.value.clone()}
                {onchange} aria-label={props.label.clone()} title={props.label.clone()} rows="3"
                placeholder={props.placeholder.clone()} data-testid={props.testid.clone()} />
        };
    }
    html! {
        <input type="text" class={classes!("editor-input", props.class.clone())} value={props.value.clone()}
            {onchange} aria-label={props.label.clone()} title={props.label.clone()}
            placeholder={props.placeholder.clone()} data-testid={props.testid.clone()} spellcheck="false" />
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub value: Option<i64>,
    pub on_commit: Callback<Option<i64>>,
    #[prop_or_default]
    pub min: Option<i64>,
    #[prop_or_default]
    pub max: Option<i64>,
    /// Whether an empty field is allowed (it commits `None`: "the default").
    #[prop_or_default]
    pub allow_empty: bool,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A whole-number input; out-of-range or non-numeric input is not committed.
#[function_component(NumberField)]
pub fn number_field(props: &NumberFieldProps) -> Html {
    let refresh = use_force_update();
    let onchange = {
        let (on_commit, min, max, allow_empty) = (
            props.on_commit.clone(),
            props.min,
            props.max,
            props.allow_empty,
        );
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let raw = input.value();
                let raw = raw.trim();
                if raw.is_empty() {
                    if allow_empty {
                        on_commit.emit(None);
                    }
                } else if let Ok(n) = raw.parse::<i64>() {
                    let clamped = n.max(min.unwrap_or(i64::MIN)).min(max.unwrap_or(i64::MAX));
                    on_commit.emit(Some(clamped));
                }
            }
            refresh.force_update();
        })
    };
    let value = props.value.map(|v| v.to_string()).unwrap_or_default();
    html! {
        <input type="number" class={classes!("editor-input", "editor-number", props.class.clone())} {value} {onchange}
            min={props.min.map(|m| m.to_string())} max={props.max.map(|m| m.to_string())}
            placeholder={props.placeholder.clone()} aria-label={props.label.clone()} title={props.label.clone()}
            data-testid={props.testid.clone()} />
    }
}

#[derive(Properties, PartialEq)]
pub struct DurationFieldProps {
    pub value: Option<Micros>,
    pub on_commit: Callback<Option<Micros>>,
    #[prop_or_default]
    pub allow_empty: bool,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A duration: a whole number and a unit (µs, ms, s, min).
#[function_component(DurationField)]
pub fn duration_field(props: &DurationFieldProps) -> Html {
    let (number, unit) = props
        .value
        .map(split_duration)
        .map(|(n, u)| (Some(n), u))
        .unwrap_or((None, "s"));
    // The unit chosen for an empty field, until a number is typed.
    let chosen_unit = use_state(|| unit);
    let unit = if props.value.is_some() {
        unit
    } else {
        *chosen_unit
    };
    let on_number = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |n: Option<i64>| {
            let us = n
                .and_then(|n| u64::try_from(n).ok())
                .and_then(|n| n.checked_mul(unit_size(unit)));
            if n.is_none() || us.is_some() {
                on_commit.emit(us);
            }
        })
    };
    let on_unit = {
        let (on_commit, chosen_unit) = (props.on_commit.clone(), chosen_unit.clone());
        Callback::from(move |unit: String| {
            let size = unit_size(&unit);
            if let Some(us) = number.and_then(|n| n.checked_mul(size)) {
                on_commit.emit(Some(us));
            }
            chosen_unit.set(
                UNITS
                    .iter()
                    .find(|(u, _)| *u == unit)
                    .map(|(u, _)| *u)
                    .unwrap_or("s"),
            );
        })
    };
    let number = number.and_then(|n| i64::try_from(n).ok());
    html! {
        <span class="editor-duration">
            <NumberField value={number} on_commit={on_number} min={Some(0)} allow_empty={props.allow_empty}
                placeholder={props.placeholder.clone()} label={props.label.clone()} testid={props.testid.clone()} />
            <Select value={AttrValue::from(unit)} on_change={on_unit} label={props.label.clone()} class="editor-unit">
                { for UNITS.iter().map(|(u, _)| html! { <option value={*u}>{ *u }</option> }) }
            </Select>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A `<select>` whose shown option always follows `value`, also after a refused change.
#[function_component(Select)]
pub fn select(props: &SelectProps) -> Html {
    let node = use_node_ref();
    let refresh = use_force_update();
    {
        let (node, value) = (node.clone(), props.value.clone());
        // After every render: yew sets `selected` as an attribute, which a select the user
        // has touched ignores, so the property is set here.
        use_effect(move || {
            if let Some(select) = node.cast::<web_sys::HtmlSelectElement>() {
                if select.value() != *value {
                    select.set_value(&value);
                }
            }
        });
    }
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                on_change.emit(select.value());
            }
            refresh.force_update();
        })
    };
    html! {
        <select ref={node} class={classes!("editor-select", props.class.clone())} {onchange}
            aria-label={props.label.clone()} title={props.label.clone()} data-testid={props.testid.clone()}
            disabled={props.disabled}>
            { props.children.clone() }
        </select>
    }
}
