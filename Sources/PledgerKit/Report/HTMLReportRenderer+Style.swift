/// The report's colours and inline style sheet: one file holds the whole look, so that a report needs no
/// network fetch.
extension HTMLReportRenderer {
    static func color(_ status: Status) -> StaticString {
        switch status {
        case .kept: "#1e7b3a"
        case .partiallyKept: "#5c8a1e"
        case .inProgress: "#1f5fa8"
        case .stalled: "#b26a00"
        case .broken: "#b3261e"
        case .unverifiable: "#6b5b95"
        case .withdrawn: "#5f6368"
        case .notYetRated: "#c5cad3"
        }
    }

    /// The order evidence dots of one day are stacked in, top down, as the report lists evidence.
    static let stanceOrder: [Stance] = [.contradicts, .supports, .context]

    /// The timeline's dot rows, top down: the first is on the axis.
    static let dotRows = [42, 53, 64]
    /// How far apart, in view-box units, two dots on one row must be not to touch: a dot of radius 5 with a
    /// white stroke of 1.5 centred on its edge is 11.5 across.
    static let dotSpacing = 12.0
    /// How far a dot standing for several pieces keeps the next dot on its row: its number is drawn from 7
    /// units right of its centre, 10 units high, so that two digits end about 19 units from the centre.
    static let numberedDotSpacing = 26.0

    static func stanceColor(_ stance: Stance) -> StaticString {
        switch stance {
        case .supports: "#1e7b3a"
        case .contradicts: "#b3261e"
        case .context: "#6b7280"
        }
    }

    static let css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --panel: #f5f6f8; --mark: #ffe98a; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: .2rem 0 .5rem; }
        h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin: 0; }
        h4 { font-size: .95rem; margin: 1rem 0 .3rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        h5 { font-size: .9rem; margin: .8rem 0 .3rem; }
        a { color: #1f5fa8; }
        code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .82em; }
        .hash { overflow-wrap: anywhere; word-break: break-all; }
        .kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: var(--muted); }
        .scope, .note, .legend, .muted { color: var(--muted); }
        .note { font-size: .9rem; }
        .stamp { font-size: .85rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
        .badge { display: inline-block; padding: 0 .55em; border-radius: 999px; font-size: .78rem; font-weight: 600;
          line-height: 1.6; color: #fff; white-space: nowrap; border: 1px solid transparent; vertical-align: middle; }
        .s-kept { background: #1e7b3a; } .s-partially-kept { background: #5c8a1e; } .s-in-progress { background: #1f5fa8; }
        .s-stalled { background: #b26a00; } .s-broken { background: #b3261e; } .s-unverifiable { background: #6b5b95; }
        .s-withdrawn { background: #5f6368; } .s-not-yet-rated { background: #eceff3; color: #3b4352; border-color: #c5cad3; }
        .badge.overdue { background: #fff; color: #b3261e; border-color: #b3261e; }
        .bars { display: grid; gap: .7rem; margin: .8rem 0; }
        .bar-label { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem; font-size: .9rem; }
        .bar-label > * { min-width: 0; }
        .bar-name { font-weight: 600; }
        .bar-figure, .bar-counts { color: var(--muted); font-size: .85rem; }
        .bar-svg { display: block; width: 100%; height: 1.1rem; border-radius: 4px; background: var(--panel); }
        .bar.total .bar-name { text-transform: uppercase; letter-spacing: .04em; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .88rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { font-size: .78rem; color: var(--muted); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        thead th, .num { overflow-wrap: normal; }
        .counts tr > :first-child { min-width: 7rem; }
        tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
        ul.overdue li, ul.moves li { margin: .3rem 0; }
        article { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin: 1rem 0; }
        .item-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .3rem 1rem; }
        .item-head .badges { margin: 0; }
        .ref { display: inline-block; min-width: 2.2em; color: var(--muted); font-weight: 700; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .6rem 0; font-size: .9rem; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; min-width: 0; }
        figure { margin: .6rem 0; }
        .timeline svg { display: block; width: 100%; height: auto; }
        .axis { display: flex; justify-content: space-between; gap: .5rem; font-size: .75rem; color: var(--muted); }
        .quote blockquote { margin: 0; padding: .5rem .8rem; background: var(--panel); border-left: 4px solid #9aa3b2; }
        .quote.st-supports blockquote { border-left-color: #1e7b3a; }
        .quote.st-contradicts blockquote { border-left-color: #b3261e; }
        .ctx { color: var(--muted); }
        mark { background: var(--mark); color: inherit; padding: 0 .1em; }
        figcaption { font-size: .8rem; color: var(--muted); margin-top: .25rem; }
        .st-supports { color: #1e7b3a; } .st-contradicts { color: #b3261e; } .st-context { color: #4b5563; }
        .evidence { margin: .4rem 0 .8rem; }
        .ev-head { margin: 0; font-size: .9rem; }
        .rationale { margin: .3rem 0; }
        .relies { margin: .2rem 0; font-size: .9rem; }
        ol.history { padding-left: 1.2rem; font-size: .9rem; }
        ol.history li { margin: .25rem 0; }
        footer { margin-top: 2rem; padding-top: .8rem; border-top: 1px solid var(--line); font-size: .85rem; color: var(--muted); }
        @media (max-width: 40rem) {
          main { padding: .6rem; }
          h1 { font-size: 1.3rem; }
          dl.meta { grid-template-columns: 1fr; }
          dl.meta dt { margin-top: .3rem; }
          article { padding: .6rem .7rem; }
          .timeline { overflow-x: auto; }
          .timeline svg, .timeline .axis { min-width: 34rem; }  /* Legible labels: the timeline scrolls sideways. */
        }
        @media print {
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          .item-head, dl.meta, figure, tr, ol.history li { break-inside: avoid; }
          .quote.long { break-inside: auto; }
          h2, h3, h4, h5, .item-head, .ev-head { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
          .quote a::after { content: " <" attr(href) ">"; font-size: .9em; overflow-wrap: anywhere; }
          .scroll { overflow: visible; }
        }

        """
}
