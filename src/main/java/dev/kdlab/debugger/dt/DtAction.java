package dev.kdlab.debugger.dt;

/** What a dt command line asks for: one type (its layout or an instance), or the types whose names match a pattern. */
public sealed interface DtAction permits DtRequest, DtTypeSearch {
}
