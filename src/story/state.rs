//! Story state: one State, one Action, `impl Reducible` (yew's function_todomvc shape).

use crate::data::ThemeId;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct StoryState {
    /// The chapter the reader is in, if any.
    pub active: Option<ThemeId>,
    /// The active scroll step of each chapter, indexed like `ThemeId::ALL`.
    pub steps: [usize; 4],
    /// The chapter a deep link landed on: its charts draw their final state at once.
    pub landed: Option<ThemeId>,
    /// `prefers-reduced-motion: reduce`.
    pub reduced_motion: bool,
}

impl Default for StoryState {
    fn default() -> Self {
        StoryState { active: None, steps: [0; 4], landed: None, reduced_motion: false }
    }
}

pub enum Action {
    Enter(ThemeId),
    Leave(ThemeId),
    Step(ThemeId, usize),
    Landed(ThemeId),
    ReducedMotion(bool),
}

pub fn index(t: ThemeId) -> usize {
    ThemeId::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

impl Reducible for StoryState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Enter(t) => s.active = Some(t),
            Action::Leave(t) => {
                if s.active == Some(t) {
                    s.active = None;
                }
            }
            Action::Step(t, i) => s.steps[index(t)] = i,
            Action::Landed(t) => {
                s.landed = Some(t);
                s.active = Some(t);
            }
            Action::ReducedMotion(r) => s.reduced_motion = r,
        }
        if s == *self {
            self
        } else {
            Rc::new(s)
        }
    }
}

pub type StoryContext = UseReducerHandle<StoryState>;
