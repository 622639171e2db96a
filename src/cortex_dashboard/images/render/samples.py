"""Twelve memories of one software project, for the gallery, the benchmark and tests."""

from __future__ import annotations

from cortex_dashboard.memories.models import Memory

__all__ = ["sample_memories"]

_PROJECT = "/home/dev/projects/atlas-sync"

_ROWS: tuple[tuple[str, str, tuple[str, ...], str, int, str, str | None], ...] = (
    ("decision", "Use SQLite in WAL mode for the sync journal. Postgres was overkill for a "
     "single-user desktop agent and WAL lets the UI read while the syncer writes.",
     ("storage", "architecture"), "2025-01-08T10:12:00+00:00", 90, "fresh",
     "Design review with Mia and Jonas"),
    ("solution", "Fixed duplicate uploads after resume by hashing chunks with BLAKE3 and "
     "skipping chunks the server already acknowledges. Re-uploads dropped by 97%.",
     ("sync", "performance"), "2025-01-27T16:40:00+00:00", 85, "fresh", "Issue #212"),
    ("error", "Uploads of files over 4 GB failed with EFBIG on FAT32 USB drives. We now "
     "detect the filesystem and split the staging file into 2 GB parts.",
     ("sync", "filesystems"), "2025-02-11T09:05:00+00:00", 70, "fresh", "Crash reports"),
    ("insight", "Most sync conflicts come from editors that save by rename (vim, JetBrains). "
     "Watching the directory instead of the file removes 80% of false conflicts.",
     ("sync", "conflicts"), "2025-02-24T14:30:00+00:00", 80, "fresh", None),
    ("decision", "Conflicts keep both versions: the loser is renamed with the device name and "
     "date. Silent last-writer-wins lost a customer's thesis chapter.",
     ("conflicts", "ux"), "2025-03-06T11:00:00+00:00", 95, "fresh", "Incident review"),
    ("warning", "The macOS FSEvents stream coalesces events under load; never trust it for "
     "exact ordering. Always rescan the directory after a burst.",
     ("macos", "filesystems"), "2025-03-19T08:45:00+00:00", 65, "needs_review", None),
    ("workflow", "Release: tag on main, CI builds signed installers for three platforms, "
     "smoke-test on the staging fleet, then roll out to 10%, 50% and 100% over three days.",
     ("release", "ci"), "2025-04-02T13:20:00+00:00", 75, "fresh", None),
    ("solution", "Cut cold start from 2.8 s to 0.6 s by loading the journal index lazily and "
     "deferring the TLS handshake until the first upload.",
     ("performance", "startup"), "2025-04-15T17:55:00+00:00", 70, "fresh", "Profiling session"),
    ("preference", "Error messages name the file and say what to do next, in plain words: "
     "\"Couldn't upload report.pdf: the disk is full. Free 2 GB and try again.\"",
     ("ux", "errors"), "2025-04-29T10:10:00+00:00", 55, "fresh", None),
    ("error", "Token refresh raced with a running upload and logged users out at random. "
     "Refresh now happens behind a single async lock.",
     ("auth", "sync"), "2025-05-14T15:35:00+00:00", 80, "outdated", "Support tickets"),
    ("todo", "Add end-to-end encryption for shared folders: key exchange design is drafted, "
     "needs a security review before implementation.",
     ("security", "sharing"), "2025-06-03T09:30:00+00:00", 85, "fresh", None),
    ("todo", "Replace the polling status endpoint with server-sent events so the tray icon "
     "updates instantly and idle laptops stop waking every 5 seconds.",
     ("performance", "api"), "2025-06-18T12:00:00+00:00", 60, "needs_review", None),
)


def sample_memories() -> list[Memory]:
    """A realistic selection: decisions, fixes, errors, insights and next steps over six months."""
    return [
        Memory(
            id=f"mem_{i:03d}",
            content=content,
            type=memory_type,
            tags=tags,
            context=context,
            created_at=created,
            updated_at=created,
            importance_score=float(importance),
            status=status,
            project_path=_PROJECT,
        )
        for i, (memory_type, content, tags, created, importance, status, context)
        in enumerate(_ROWS, start=1)
    ]
