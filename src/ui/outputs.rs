//! The generated files beside the form: one tab each, with Copy and Download,
//! "Download all" as a zip, and the apply steps.

use std::rc::Rc;

use yew::prelude::*;

use super::with_code;
use crate::render::steps::Runner;
use crate::render::{self, Artifact};
use crate::session::{self, SessionAction};
use crate::state::Action;
use crate::validate::Validation;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    pub validation: Rc<Validation>,
    /// The user's own config.yaml, when one was imported: config.yaml is then
    /// that file with the registry block replaced.
    pub imported: Option<Rc<crate::import::Imported>>,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Outputs(props: &OutputsProps) -> Html {
    let config = props.validation.config.clone();
    let files = use_memo((config.clone(), props.imported.clone()), |(config, imported)| {
        session::files(config.as_ref(), imported.as_ref())
    });
    let artifacts = Rc::new(files.artifacts.clone());
    let active = use_state(|| "config.yaml");
    let status = use_state(String::new);

    let Some(config) = config else {
        let count = props.validation.errors().count();
        let on_action = props.on_action.clone();
        let show_all = Callback::from(move |_: MouseEvent| on_action.emit(Action::TouchAll.into()));
        // The first problem, named and linked even in a field not visited yet.
        let first = props.validation.errors().next().map(|issue| {
            let field = issue.field;
            let on_action = props.on_action.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Touch(field).into());
                web::focus(&field.dom_id());
            });
            html! {
                <p data-role="first-problem">
                    { "First: " }<button type="button" class="link" data-action="first-problem" {onclick}>{ field.label() }</button>
                    { " — " }{ with_code(&issue.message) }
                </p>
            }
        });
        return html! {
            <section class="outputs" data-outputs="blocked" aria-labelledby="outputs-title">
                <h2 id="outputs-title">{ "Files" }</h2>
                <p class="blocked">
                    { format!("No files yet: {count} {} in the form must be fixed first, so that nothing wrong can be copied.", if count == 1 { "problem" } else { "problems" }) }
                </p>
                { first.unwrap_or_default() }
                <button type="button" data-action="show-all-problems" onclick={show_all}>{ "Show all problems" }</button>
            </section>
        };
    };

    let current = artifacts
        .iter()
        .find(|a| a.name == *active)
        .or(artifacts.first())
        .map(|a| a.name)
        .unwrap_or("");
    let tab = |artifact: &Artifact| {
        let name = artifact.name;
        let selected = name == current;
        let active = active.clone();
        html! {
            <button type="button" role="tab" id={format!("tab-{name}")} aria-selected={if selected { "true" } else { "false" }}
                aria-controls={format!("panel-{name}")} tabindex={if selected { "0" } else { "-1" }}
                onclick={Callback::from(move |_: MouseEvent| active.set(name))}>
                { name }
            </button>
        }
    };
    let on_tab_key = {
        let active = active.clone();
        let names: Vec<&'static str> = artifacts.iter().map(|a| a.name).collect();
        Callback::from(move |event: KeyboardEvent| {
            let Some(position) = names.iter().position(|name| *name == current) else {
                return;
            };
            let next = match event.key().as_str() {
                "ArrowRight" => (position + 1) % names.len(),
                "ArrowLeft" => (position + names.len() - 1) % names.len(),
                "Home" => 0,
                "End" => names.len() - 1,
                _ => return,
            };
            event.prevent_default();
            active.set(names[next]);
            web::focus(&format!("tab-{}", names[next]));
        })
    };
    let panel = |artifact: &Artifact| {
        let name = artifact.name;
        let pre_id = format!("artifact-{name}");
        let on_copy = {
            let text = artifact.text.clone();
            let status = status.clone();
            let pre_id = pre_id.clone();
            Callback::from(move |_: MouseEvent| {
                let status = status.clone();
                web::copy(&text, &pre_id, move |copied| {
                    status.set(if copied {
                        format!("Copied {name} to the clipboard.")
                    } else {
                        format!("The clipboard is not available here: {name} is selected, press Ctrl+C (or Cmd+C) to copy it.")
                    })
                });
            })
        };
        let on_download = {
            let artifact = artifact.clone();
            let status = status.clone();
            Callback::from(move |_: MouseEvent| {
                status.set(
                    match web::download(artifact.name, artifact.mime, artifact.text.as_bytes()) {
                        Ok(()) => format!("Downloaded {}.", artifact.name),
                        Err(message) => message,
                    },
                )
            })
        };
        html! {
            <div role="tabpanel" id={format!("panel-{name}")} aria-labelledby={format!("tab-{name}")} hidden={name != current} class="panel">
                <div class="panel-actions">
                    <button type="button" data-action="copy" data-for={name} onclick={on_copy}>{ format!("Copy {name}") }</button>
                    <button type="button" data-action="download" data-for={name} onclick={on_download}>{ format!("Download {name}") }</button>
                </div>
                <h3 class="print-only">{ name }</h3>
                <pre id={pre_id} data-artifact={name} tabindex="0">{ artifact.text.clone() }</pre>
            </div>
        }
    };
    let on_download_all = {
        let artifacts = artifacts.clone();
        let status = status.clone();
        let config = config.clone();
        Callback::from(move |_: MouseEvent| {
            let zip = render::zip_all(&artifacts, &render::readme(&config, &artifacts));
            status.set(match web::download("registry-backend.zip", "application/zip", &zip) {
                Ok(()) => "Downloaded registry-backend.zip.".to_owned(),
                Err(message) => message,
            })
        })
    };
    let steps = render::steps::apply_steps(&config);
    let advice = config.backend.inline_secret_advice().map(|text| {
        html! { <p class="caution" data-role="secret-advice">{ text }</p> }
    });

    html! {
        <section class="outputs" data-outputs="ready" aria-labelledby="outputs-title">
            <h2 id="outputs-title">{ "Files" }</h2>
            <div class="tabs" role="tablist" aria-label="Generated files" onkeydown={on_tab_key}>
                { for artifacts.iter().map(tab) }
            </div>
            { for artifacts.iter().map(panel) }
            { super::import::merge_view(&files.merge) }
            <div class="panel-actions">
                <button type="button" data-action="download-all" onclick={on_download_all}>{ "Download all (.zip)" }</button>
            </div>
            <p class="status" role="status" aria-live="polite">{ (*status).clone() }</p>
            { advice }
            <section class="steps" aria-labelledby="steps-title">
                <h3 id="steps-title">{ "Apply it" }</h3>
                <p>
                    { "Run " }<code>{ "bash commands.sh path/to/platform/config.yaml" }</code>
                    { ": it checks the file, then runs these steps. To run a command yourself, first set " }
                    <code>{ format!("{}=path/to/platform/config.yaml", render::steps::CONFIG_VARIABLE) }</code>{ "." }
                </p>
                <ol>
                    { for steps.into_iter().enumerate().map(|(number, step)| html! {
                        <li data-runner={if step.runner == Runner::Script { "script" } else { "by-hand" }}>
                            <p>{ with_code(&step.text) }</p>
                            { for step.commands.into_iter().enumerate().map(|(position, command)| {
                                // Each command has its own Copy (the selection is its fallback).
                                let id = format!("command-{}-{}", number + 1, position + 1);
                                let on_copy = {
                                    let (id, text, status) = (id.clone(), command.clone(), status.clone());
                                    Callback::from(move |_: MouseEvent| {
                                        super::copy_saying(&text, &id, status.clone(), format!("Copied the command of step {}.", number + 1))
                                    })
                                };
                                html! {
                                    <div class="command">
                                        <pre id={id.clone()}><code>{ command }</code></pre>
                                        <button type="button" data-action="copy-command" data-for={id} onclick={on_copy}
                                            aria-label={format!("Copy the command of step {}", number + 1)}>{ "Copy" }</button>
                                    </div>
                                }
                            }) }
                        </li>
                    }) }
                </ol>
            </section>
        </section>
    }
}
