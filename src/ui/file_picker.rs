//! A button that opens the browser's file chooser and hands over the file picked.

use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilePickerProps {
    /// The button's id; its hidden input is `{id}-input`.
    pub id: AttrValue,
    /// The file types offered, as the input's `accept` list.
    pub accept: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub label: Option<AttrValue>,
    pub on_file: Callback<File>,
    /// The button's face.
    pub children: Html,
}

#[function_component(FilePicker)]
pub fn file_picker(props: &FilePickerProps) -> Html {
    let input = use_node_ref();
    let open = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_change = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let file = input.files().and_then(|files| files.get(0));
            // Picking the same file again should read it again.
            input.set_value("");
            if let Some(file) = file {
                on_file.emit(file);
            }
        })
    };
    html! {
        <>
            <button id={props.id.clone()} class={props.class.clone()} onclick={open}
                title={props.title.clone()} aria-label={props.label.clone()}>{ props.children.clone() }</button>
            <input ref={input} id={format!("{}-input", props.id)} type="file" accept={props.accept.clone()}
                class="header-hidden" onchange={on_change} />
        </>
    }
}
