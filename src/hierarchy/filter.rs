//! `logging.Filter(name)`, the filters a dictConfig document attaches to
//! loggers and handlers. A name filter judges a record by its logger's name
//! alone, so a logger's route stays fixed: the routing engine answers, for
//! each logger, which filter (if any) rejects its records.
//!
//! Filters built by code (a `()` factory) are not modelled: a document
//! that attaches one has no model (see `dictconfig::verdict::model`).

use super::HandlerId;
use crate::model::Config;
use compact_str::CompactString;

/// Index of a filter in [`Config::filters`].
pub type FilterId = usize;

/// `logging.Filter(name).filter(record)` for a record logged on
/// `record_name` (`root` for the root logger): the logger `name` and the
/// loggers below it pass; an empty name passes everything.
pub fn name_filter_passes(name: &str, record_name: &str) -> bool {
    name.is_empty()
        || record_name == name
        || (record_name.starts_with(name) && record_name.as_bytes().get(name.len()) == Some(&b'.'))
}

/// The filters of a configuration, and the ones each handler holds (loggers
/// hold theirs in [`LoggerNode::filters`](super::LoggerNode::filters)).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Each filter's `name`, by [`FilterId`] (`None`: built by code, it
    /// rejects nothing logcheck can tell).
    names: Vec<Option<CompactString>>,
    /// Each handler's filters in `addFilter` order, by [`HandlerId`].
    by_handler: Vec<Vec<FilterId>>,
}

impl Filters {
    /// The filters of `config` and the handlers' references to them (a
    /// reference to a filter the model lacks is left out).
    pub fn of(config: &Config) -> Self {
        Filters {
            names: (config.filters.iter())
                .map(|f| (!f.by_code).then(|| f.name.clone()))
                .collect(),
            by_handler: config
                .handlers
                .iter()
                .map(|h| filter_ids(config, &h.filters))
                .collect(),
        }
    }

    /// `Filterer.filter`: the first of `ids` that rejects a record logged
    /// on `record_name`, or `None` when all pass.
    pub fn rejecting(&self, ids: &[FilterId], record_name: &str) -> Option<FilterId> {
        ids.iter().copied().find(|&id| {
            (self.names.get(id).and_then(Option::as_ref))
                .is_some_and(|name| !name_filter_passes(name, record_name))
        })
    }

    /// The first filter of `handler` that rejects a record logged on `record_name`.
    pub fn handler_rejecting(&self, handler: HandlerId, record_name: &str) -> Option<FilterId> {
        let ids = self.by_handler.get(handler)?;
        self.rejecting(ids, record_name)
    }

    /// Whether any handler holds a filter.
    pub fn handlers_filter(&self) -> bool {
        self.by_handler.iter().any(|ids| !ids.is_empty())
    }
}

/// Filter keys resolved to the filters CPython keeps under them.
pub(super) fn filter_ids(
    config: &Config,
    keys: &[crate::source::Spanned<CompactString>],
) -> Vec<FilterId> {
    keys.iter()
        .filter_map(|k| config.filter_index(&k.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_filters_pass_the_logger_and_its_descendants() {
        assert!(name_filter_passes("", "anything"));
        assert!(name_filter_passes("app", "app"));
        assert!(name_filter_passes("app", "app.db"));
        assert!(!name_filter_passes("app", "apple"));
        assert!(!name_filter_passes("app.db", "app"));
        assert!(!name_filter_passes("app", "root"));
        assert!(name_filter_passes("root", "root"));
    }
}
