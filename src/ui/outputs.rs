//! The generated files beside the form: one tab each, with Copy and Download,
//! "Download all" as a zip, and the apply steps.

use yew::prelude::*;

use super::Same;

use super::with_code;
use crate::render::steps::{CONFIG_VARIABLE, FILES_VARIABLE, Runner};
use crate::session::{SessionAction, ToolsState};
use crate::state::Action;
use crate::tools::{File, Files};
use crate::validate::Validation;
use crate::web;

/// What the page says when its tools stopped or could not start.
const FAILED: &str = "The page's tools (files, import) stopped or could not start in this browser: the files may be missing or out of date. Reload the page.";

#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    pub validation: Same<Validation>,
    /// The files as the tools last gave them (config.yaml merged into the
    /// imported file, if any), and whether they are for the form as it is.
    pub files: Option<(Same<Files>, bool)>,
    /// Where the tools run: said when it is not in the page's worker.
    pub tools: ToolsState,
    /// The imported file was refused: no files until it is removed or fixed.
    pub refused: bool,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Outputs(props: &OutputsProps) -> Html {
    let config = props.validation.config.clone();
    let active = use_state(|| "config.yaml".to_owned());
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

    // The tools make the files (in the page's worker): until their first
    // answer, or when they cannot run, the page says so.
    let Some((files, fresh)) = props.files.clone() else {
        let (state, why) = match &props.tools {
            _ if props.refused => (
                "blocked",
                "No files while your config.yaml above is refused: fix it, or remove it.",
            ),
            ToolsState::Failed => ("pending", FAILED),
            ToolsState::Starting | ToolsState::Worker | ToolsState::Page => ("pending", "Making the files…"),
        };
        return html! {
            <section class="outputs" data-outputs={state} aria-labelledby="outputs-title">
                <h2 id="outputs-title">{ "Files" }</h2>
                <p class="blocked" role="status">{ why }</p>
            </section>
        };
    };
    // config.yaml is the page's own: the session renders it on each change.
    let artifacts = &files.files;
    let current = artifacts
        .iter()
        .find(|a| a.name == *active)
        .or(artifacts.first())
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let tab = |artifact: &File| {
        let name = artifact.name.clone();
        let selected = name == current;
        let active = active.clone();
        html! {
            <button type="button" role="tab" id={format!("tab-{name}")} aria-selected={if selected { "true" } else { "false" }}
                aria-controls={format!("panel-{name}")} tabindex={if selected { "0" } else { "-1" }}
                onclick={{ let name = name.clone(); Callback::from(move |_: MouseEvent| active.set(name.clone())) }}>
                { name }
            </button>
        }
    };
    let on_tab_key = {
        let active = active.clone();
        let names: Vec<String> = artifacts.iter().map(|a| a.name.clone()).collect();
        let current = current.clone();
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
            active.set(names[next].clone());
            web::focus(&format!("tab-{}", names[next]));
        })
    };
    let panel = |artifact: &File| {
        let name = artifact.name.clone();
        let pre_id = format!("artifact-{name}");
        let on_copy = {
            let text = artifact.text.clone();
            let status = status.clone();
            let pre_id = pre_id.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                let status = status.clone();
                let name = name.clone();
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
                    match web::download(&artifact.name, &artifact.mime, artifact.text.as_bytes()) {
                        Ok(()) => format!("Downloaded {}.", artifact.name),
                        Err(message) => message,
                    },
                )
            })
        };
        html! {
            <div role="tabpanel" id={format!("panel-{name}")} aria-labelledby={format!("tab-{name}")} hidden={name != current} class="panel">
                <div class="panel-actions">
                    <button type="button" data-action="copy" data-for={name.clone()} onclick={on_copy}>{ format!("Copy {name}") }</button>
                    <button type="button" data-action="download" data-for={name.clone()} onclick={on_download}>{ format!("Download {name}") }</button>
                </div>
                <h3 class="print-only">{ name.clone() }</h3>
                <pre id={pre_id} data-artifact={name} tabindex="0">{ artifact.text.clone() }</pre>
            </div>
        }
    };
    let on_download_all = {
        let files = files.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(
                match web::download("registry-backend.zip", "application/zip", &files.zip) {
                    Ok(()) => "Downloaded registry-backend.zip.".to_owned(),
                    Err(message) => message,
                },
            )
        })
    };
    let steps = files.steps.clone();
    // Where the tools run, when it is not the page's worker.
    let tools_note = match &props.tools {
        ToolsState::Page => html! {
            <p class="hint" data-role="tools-in-page">{ "This browser did not start the page's Web Worker, so the files are made on the page's own thread: everything works, but a large import may pause the page." }</p>
        },
        ToolsState::Failed => html! {
            <p class="caution" data-role="tools-failed">{ FAILED }</p>
        },
        ToolsState::Starting | ToolsState::Worker => html! {},
    };
    let advice = config.backend.inline_secret_advice().map(|text| {
        html! { <p class="caution" data-role="secret-advice">{ text }</p> }
    });

    html! {
        <section class="outputs" data-outputs={if fresh { "ready" } else { "pending" }} aria-labelledby="outputs-title">
            <h2 id="outputs-title">{ "Files" }</h2>
            { tools_note }
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
            if !files.report.is_empty() {
                <section class="report" data-role="upgrade-report" aria-labelledby="report-title">
                    <h3 id="report-title">{ "What the upgrade changes for the registry" }</h3>
                    <ul>
                        { for files.report.iter().map(|change| html! { <li>{ with_code(&change.sentence()) }</li> }) }
                    </ul>
                </section>
            }
            <section class="steps" aria-labelledby="steps-title">
                <h3 id="steps-title">{ "Apply it" }</h3>
                <p>
                    { "Run " }<code>{ "bash commands.sh path/to/platform/config.yaml" }</code>
                    { ": it checks the file, then runs these steps. To run a command yourself, first set " }
                    <code>{ format!("{CONFIG_VARIABLE}=path/to/platform/config.yaml") }</code>{ " and " }<code>{ format!("{FILES_VARIABLE}=path/to/the/files") }</code>{ "." }
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
