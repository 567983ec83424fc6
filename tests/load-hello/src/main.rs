//! A yew hello-world: the smallest page built like the app.

use yew::prelude::*;

#[function_component(Hello)]
fn hello() -> Html {
    html! { <h1>{ "Hello, world" }</h1> }
}

fn main() {
    yew::Renderer::<Hello>::new().render();
}
