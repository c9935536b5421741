//! Tables: schemas (`spec`) and the builders that turn records into polars frames (`build`).
//! Polars is used only here and in `sinks`, so its API churn stays in two places.

pub mod build;
pub mod spec;
