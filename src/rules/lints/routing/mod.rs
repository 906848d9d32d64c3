//! Routing lints, answered by the one routing engine
//! ([`Hierarchy::configure`] + [`Hierarchy::route`]): records that reach a
//! handler twice ([`duplicate_delivery`]), records that reach no handler
//! ([`records_go_nowhere`]), handler levels that filter nothing
//! ([`ineffective_handler_level`]); and handlers/formatters nothing uses
//! ([`unused`], which reads the document and needs no routing).
//!
//! [`Routing::new`] configures the hierarchy once; [`run`] routes each
//! configured logger once and hands the route to each rule's lint function.

pub mod duplicate_delivery;
pub mod ineffective_handler_level;
pub mod records_go_nowhere;
pub mod unused;

use crate::diagnostic::Diagnostic;
use crate::hierarchy::{Existing, Hierarchy, LoggerId, Route};
use crate::level::Level;
use crate::model::Config;
use crate::source::{Span, Spanned};
use compact_str::CompactString;
use rustc_hash::FxHashSet;

/// LC605, LC606 and LC615 on a model that loads: logger by logger (each
/// logger's duplicates, then its lack of a handler), then handler levels.
///
/// Each logger's route is read once, by the per-logger lints, right after it
/// is computed, so one buffer serves every logger: keeping all the routes
/// cost a 5,000-logger file ≈ 1 MB (2.5 MB with a finding per logger) of
/// fresh pages.
pub(crate) fn run(config: &Config, out: &mut Vec<Diagnostic>) {
    let Some(mut routing) = Routing::new(config) else {
        return;
    };
    let no_levels = vec![Level::NOTSET; config.handlers.len()];
    let mut least_reaching: Vec<Option<Level>> = vec![None; config.handlers.len()];
    let mut route = Route::default();
    for logger in &routing.configured {
        routing
            .hierarchy
            .route_into(logger.id, Level::CRITICAL, &no_levels, &mut route);
        if route.dropped.is_some() {
            continue;
        }
        let effective = routing.hierarchy.effective_level(logger.id);
        for delivery in route.emitting_deliveries() {
            if let Some(least) = least_reaching.get_mut(delivery.handler) {
                *least = Some(least.map_or(effective, |l| l.min(effective)));
            }
        }
        duplicate_delivery::check(&routing, logger, &route, out);
        records_go_nowhere::check(&routing, logger, &route, out);
    }
    routing.least_reaching = least_reaching;
    ineffective_handler_level::check(&routing, out);
}

/// A logger section as the routing lints see it.
pub(super) struct Configured<'c> {
    pub(super) id: LoggerId,
    /// `root` or the qualname.
    pub(super) display: &'c str,
    pub(super) section: Span,
    pub(super) handlers: &'c [Spanned<CompactString>],
    pub(super) propagate_span: Option<Span>,
}

impl Configured<'_> {
    /// The handler list item naming `key`, else the section.
    pub(super) fn handler_item(&self, key: &str) -> Span {
        self.handlers
            .iter()
            .find(|h| h.value == key)
            .map_or(self.section, |h| h.span)
    }
}

/// The configured hierarchy the routing lints share.
pub(super) struct Routing<'c> {
    pub(super) config: &'c Config,
    /// The logger tree once the file is loaded.
    hierarchy: Hierarchy,
    /// Root first, then each logger section (a later section for the same
    /// logger replaces the earlier one).
    configured: Vec<Configured<'c>>,
    /// Where each logger is in `configured`, by logger id (ids are dense).
    position: Vec<Option<usize>>,
    /// No configured logger has a handler.
    pub(super) nothing_has_handlers: bool,
    /// For each handler (by index in `config.handlers`), the least effective
    /// level of the loggers whose records reach it (filled in by [`run`]
    /// once every logger is routed).
    pub(super) least_reaching: Vec<Option<Level>>,
}

impl<'c> Routing<'c> {
    /// `None` when a logger names a handler the model does not have (one
    /// logcheck could not build): routing would under-count deliveries.
    fn new(config: &'c Config) -> Option<Self> {
        let handler_keys: FxHashSet<&str> = config
            .handlers
            .iter()
            .map(|h| h.key.value.as_str())
            .collect();
        let mut all_refs = config
            .root
            .handlers
            .iter()
            .chain(config.loggers.iter().flat_map(|l| l.handlers.iter()));
        if all_refs.any(|h| !handler_keys.contains(h.value.as_str())) {
            return None;
        }
        let (hierarchy, ids) = Hierarchy::configure_with_ids(config, &Existing::default());
        let (configured, position) = configured_loggers(config, &hierarchy, &ids);
        let nothing_has_handlers = configured.iter().all(|c| c.handlers.is_empty());
        Some(Routing {
            config,
            hierarchy,
            configured,
            position,
            nothing_has_handlers,
            least_reaching: Vec::new(),
        })
    }

    /// The configured logger with this id, if a section configures it.
    pub(super) fn by_id(&self, id: LoggerId) -> Option<&Configured<'c>> {
        self.position
            .get(id.0)
            .and_then(|&i| self.configured.get(i?))
    }
}

/// Root and the logger sections, each logger once, with where each logger id
/// is in the list.
fn configured_loggers<'c>(
    config: &'c Config,
    hierarchy: &Hierarchy,
    ids: &[LoggerId],
) -> (Vec<Configured<'c>>, Vec<Option<usize>>) {
    let mut configured: Vec<Configured<'c>> = Vec::with_capacity(config.loggers.len() + 1);
    configured.push(Configured {
        id: Hierarchy::ROOT,
        display: "root",
        section: config.root.section,
        handlers: &config.root.handlers,
        propagate_span: None,
    });
    let mut position: Vec<Option<usize>> = vec![None; hierarchy.loggers().len()];
    position[Hierarchy::ROOT.0] = Some(0);
    for (def, &id) in config.loggers.iter().zip(ids) {
        let entry = Configured {
            id,
            display: if id == Hierarchy::ROOT {
                "root"
            } else {
                &def.qualname.value
            },
            section: def.section,
            handlers: &def.handlers,
            propagate_span: def.propagate_given.then_some(def.propagate.span),
        };
        // A later section for the same logger replaces the earlier one.
        match position.get(id.0) {
            Some(&Some(i)) => configured[i] = entry,
            _ => {
                if let Some(slot) = position.get_mut(id.0) {
                    *slot = Some(configured.len());
                }
                configured.push(entry);
            }
        }
    }
    (configured, position)
}
