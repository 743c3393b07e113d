//! Yew components: read state, dispatch actions, render. No logic.

pub fn mount() {}
