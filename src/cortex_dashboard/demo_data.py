"""Demo memories: six months of a made-up project, told in the order it happened.

Pure data. The code that writes it into a database lives elsewhere; ``days_ago``
is relative to the moment the demo database is created.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoMemory:
    key: str
    """Short stable slug, used by ``DemoRelationship``."""
    type: str
    content: str
    context: str
    tags: tuple[str, ...]
    days_ago: int
    importance: int
    status: str = "fresh"
    access_count: int = 0


@dataclass(frozen=True, slots=True)
class DemoRelationship:
    source: str
    target: str
    type: str
    """One of: related_to, supersedes, derived_from, contradicts."""


DEMO_PROJECT_NAME = "Fernhill — class booking for independent yoga studios"

M = DemoMemory
R = DemoRelationship

DEMO_MEMORIES: tuple[DemoMemory, ...] = (
    # --- Month 1: kickoff, stack, first conventions -------------------------------------
    M(
        key="project-kickoff",
        type="context",
        content=(
            "Fernhill is a booking and payments app for small, independent yoga and pilates "
            "studios. Pilot: three studios (two in Lisbon, one in Bristol), about 900 members "
            "in total. Team of four: Maya (backend lead), José (frontend), Priya (ops), Tom "
            "(product). Goal: studios take bookings and card payments without a front desk."
        ),
        context="Kickoff notes, written after the first planning call with the pilot studios",
        tags=("team", "booking", "roadmap"),
        days_ago=180,
        importance=80,
        access_count=14,
    ),
    M(
        key="stack-choice",
        type="decision",
        content=(
            "Stack: FastAPI + SQLAlchemy 2.0 + Alembic on Postgres 16, Redis for sessions and "
            "cache, SvelteKit for the web app, deployed on Fly.io. Django was the runner-up; "
            "we picked FastAPI because the mobile app needs a clean typed JSON API and the team "
            "already knows pydantic. Revisit only if the admin back-office grows past CRUD."
        ),
        context="Stack discussion in the kickoff week; options were Django, FastAPI, Rails",
        tags=("api", "postgres", "redis", "frontend"),
        days_ago=178,
        importance=92,
        access_count=31,
    ),
    M(
        key="auth-jwt-decision",
        type="decision",
        content=(
            "Auth v1: stateless JWT access tokens (24 h expiry, HS256, signed with python-jose) "
            "stored in localStorage by the SvelteKit app and sent as a Bearer header. No "
            "refresh tokens yet. Chosen because it needs no server-side session store and is "
            "quick to ship for the pilot."
        ),
        context="Designing login for the first pilot build in api/auth/tokens.py",
        tags=("auth", "security", "api"),
        days_ago=176,
        importance=70,
        status="outdated",
        access_count=9,
    ),
    M(
        key="code-style",
        type="preference",
        content=(
            "Code style: ruff for lint and format, line length 100, type hints required in "
            "fernhill/api and fernhill/services. Route handlers never touch the ORM directly; "
            "they call a function in fernhill/services/. Prefer plain functions over classes "
            "unless there is real state."
        ),
        context="Agreed in the first code review so the pilot codebase stays consistent",
        tags=("team", "code-review", "python"),
        days_ago=174,
        importance=55,
        access_count=12,
    ),
    M(
        key="database-url-scheme",
        type="config",
        content=(
            "DATABASE_URL must start with postgresql+psycopg:// for SQLAlchemy 2 + psycopg 3. "
            "Fly injects postgres://, which SQLAlchemy rejects with \"Can't load plugin: "
            'sqlalchemy.dialects:postgres". settings.py rewrites the scheme in a pydantic '
            "field validator, so set the secret as Fly gives it."
        ),
        context="First deploy to Fly.io failed at startup in fernhill/settings.py",
        tags=("config", "postgres", "deploy", "fly"),
        days_ago=172,
        importance=65,
        access_count=18,
    ),
    M(
        key="local-dev-commands",
        type="command",
        content=(
            "Local dev from a clean checkout: `docker compose up -d db redis`, then "
            "`uv run alembic upgrade head`, then `uv run uvicorn fernhill.main:app --reload`. "
            "Seed demo studios with `uv run python -m fernhill.cli seed --studios 3`. "
            "Frontend: `cd web && pnpm dev` (proxies /api to port 8000)."
        ),
        context="Onboarding notes after José's first day took two hours to get running",
        tags=("python", "postgres", "redis", "frontend"),
        days_ago=170,
        importance=60,
        access_count=42,
    ),
    M(
        key="slot-vs-booking",
        type="concept",
        content=(
            "A Schedule is a recurring rule (an RRULE such as every Tuesday 07:00, 14 spots). "
            "A Slot is one concrete class on one date, materialized from the Schedule eight "
            "weeks ahead by a nightly job. A Booking points at a slot_id, never at the "
            "Schedule, so editing a schedule only affects slots that have no bookings yet. "
            "When a slot is full, new bookings go onto its Waitlist in arrival order."
        ),
        context="Explaining the data model to Tom while sketching the booking flow",
        tags=("booking", "postgres", "timezones"),
        days_ago=165,
        importance=75,
        access_count=23,
    ),
    M(
        key="deploy-workflow",
        type="workflow",
        content=(
            "Deploy: merge to main, GitHub Actions runs ruff, pytest (against a Postgres "
            "service container) and builds the image, then `fly deploy --strategy rolling`. "
            "Alembic migrations run as the Fly release_command before new machines start; if "
            "the migration fails, the deploy stops and the old version keeps serving."
        ),
        context="Setting up .github/workflows/deploy.yml and fly.toml for the pilot",
        tags=("deploy", "testing", "fly", "migrations"),
        days_ago=160,
        importance=78,
        status="needs_review",
        access_count=27,
    ),
    M(
        key="stripe-connect-docs",
        type="reference",
        content=(
            "Payments use Stripe Connect with Standard accounts: each studio is a connected "
            "account, we take a platform fee via application_fee_amount on the PaymentIntent. "
            "Docs: https://docs.stripe.com/connect/standard-accounts and "
            "https://docs.stripe.com/connect/direct-charges."
        ),
        context="Research before building studio onboarding in fernhill/services/payments.py",
        tags=("stripe", "payments", "docs"),
        days_ago=155,
        importance=60,
        access_count=11,
    ),
    M(
        key="utc-timestamps",
        type="decision",
        content=(
            "All times are stored as timestamptz in UTC; each studio has an IANA timezone "
            "(e.g. Europe/Lisbon) and the API converts with zoneinfo only at the edges. "
            "Naive datetimes are banned: ruff rule DTZ is enabled and the test suite fails "
            "on any datetime.now() without tz."
        ),
        context="Bristol and Lisbon share an offset most of the year, which hid tz bugs in testing",
        tags=("timezones", "postgres", "python"),
        days_ago=150,
        importance=82,
        access_count=16,
    ),
    M(
        key="add-sentry-todo",
        type="todo",
        content=(
            "Add Sentry to the FastAPI app and the SvelteKit frontend before the pilot opens "
            "bookings; set release to the git SHA so errors map to deploys."
        ),
        context="Pre-pilot checklist",
        tags=("ops", "monitoring", "deploy"),
        days_ago=148,
        importance=30,
        status="archived",
        access_count=3,
    ),
    M(
        key="stripe-cli-webhooks",
        type="tip",
        content=(
            "Test Stripe webhooks locally with `stripe listen --forward-to "
            "localhost:8000/webhooks/stripe` and trigger events with `stripe trigger "
            "payment_intent.succeeded`. The CLI prints a new whsec_ signing secret each run; "
            "put it in .env as STRIPE_WEBHOOK_SECRET or every event fails verification."
        ),
        context="Building the payment confirmation flow",
        tags=("stripe", "payments", "testing"),
        days_ago=143,
        importance=38,
        access_count=19,
    ),
    # --- Month 2: pilot goes live ---------------------------------------------------------
    M(
        key="stripe-webhook-error",
        type="error",
        content=(
            'Production: every Stripe webhook failed with SignatureVerificationError "No '
            'signatures found matching the expected signature", so paid bookings stayed '
            "'pending'. Cause: the handler took a pydantic model, so FastAPI parsed and "
            "re-serialized the JSON before we verified it, and the bytes no longer matched. "
            "Fourteen bookings had to be confirmed by hand."
        ),
        context="First weekend of the pilot; a studio owner in Lisbon reported unpaid bookings",
        tags=("stripe", "payments", "production", "api"),
        days_ago=140,
        importance=85,
        access_count=8,
    ),
    M(
        key="stripe-webhook-fix",
        type="solution",
        content=(
            "Webhook handler now reads the raw bytes with `payload = await request.body()` and "
            "calls stripe.Webhook.construct_event(payload, sig_header, secret) before any "
            "parsing. Events are made idempotent with a processed_stripe_events table keyed "
            "on event.id, because Stripe retries for up to three days."
        ),
        context="Fix in fernhill/api/webhooks.py, deployed the same evening",
        tags=("stripe", "payments", "api", "postgres"),
        days_ago=139,
        importance=88,
        access_count=21,
    ),
    M(
        key="pilot-usage-insight",
        type="insight",
        content=(
            "After four weeks of the pilot, 71% of bookings are made on phones, and 58% "
            "between 06:00 and 08:00 local time, mostly for same-day classes. The waitlist is "
            "used far more than expected: 1 in 5 evening classes fills up. So the schedule "
            "page must be fast on mobile and waitlist promotion must be reliable."
        ),
        context="Reviewing pilot analytics with Tom",
        tags=("analytics", "booking", "performance"),
        days_ago=132,
        importance=70,
        access_count=10,
    ),
    # --- Month 2-3: auth rethink ----------------------------------------------------------
    M(
        key="jwt-revocation-error",
        type="error",
        content=(
            "A studio owner removed an instructor, but the instructor's JWT stayed valid for "
            "up to 24 hours and they could still see member phone numbers. Stateless tokens "
            "cannot be revoked without a denylist, and the same week a security review flagged "
            "tokens in localStorage as readable by any XSS."
        ),
        context="Support ticket from the Bristol studio plus the external security review",
        tags=("auth", "security", "production"),
        days_ago=125,
        importance=90,
        access_count=7,
    ),
    M(
        key="sentry-token-warning",
        type="warning",
        content=(
            "Sentry breadcrumbs were capturing full Authorization headers and request bodies, "
            "including tokens and member emails. Keep send_default_pii=False and the "
            "before_send scrubber in fernhill/observability.py; never log request headers "
            "or bodies from auth or payment routes."
        ),
        context="Found while investigating the instructor access incident",
        tags=("security", "monitoring", "auth"),
        days_ago=122,
        importance=80,
        access_count=6,
    ),
    M(
        key="auth-sessions-decision",
        type="decision",
        content=(
            "Auth v2 replaces JWTs: server-side sessions in Redis, session id in an httpOnly, "
            "Secure, SameSite=Lax cookie, 14-day sliding expiry. Changing a user's role or "
            "removing them from a studio deletes all their sessions immediately. The SvelteKit "
            "app no longer touches tokens at all."
        ),
        context="Design review after the instructor access incident; see api/auth/sessions.py",
        tags=("auth", "security", "redis"),
        days_ago=118,
        importance=93,
        access_count=25,
    ),
    M(
        key="safari-cookie-troubleshooting",
        type="troubleshooting",
        content=(
            "Symptom: after the switch to session cookies, Safari users were logged out on "
            "every page load. The web app lives on app.fernhill.io and the API on "
            "api.fernhill.io; the cookie was host-only for the API. Fix: set "
            "Domain=.fernhill.io on the cookie and use fetch(..., { credentials: 'include' }) "
            "in web/src/lib/api.ts. Chrome was lenient, which hid it in testing."
        ),
        context="Rolling out auth v2; reports from iPhone users at the Lisbon studios",
        tags=("auth", "frontend", "troubleshooting"),
        days_ago=112,
        importance=62,
        access_count=13,
    ),
    # --- Month 3: the DST incident --------------------------------------------------------
    M(
        key="dst-double-booking-error",
        type="error",
        content=(
            "Production incident: on the Sunday the clocks went forward, every recurring "
            "class in Lisbon and Bristol showed one hour late, and 38 members arrived at 08:00 "
            "for classes that had started at 07:00. The slot generator added a fixed UTC "
            "offset, computed once when the schedule was created, to each future date."
        ),
        context="Incident on the spring daylight-saving change; many angry emails to studios",
        tags=("timezones", "booking", "production"),
        days_ago=105,
        importance=95,
        access_count=12,
    ),
    M(
        key="dst-slot-fix",
        type="solution",
        content=(
            "The slot generator now expands the RRULE over naive local times and attaches "
            "ZoneInfo(studio.timezone) to each occurrence before converting to UTC, so 07:00 "
            "stays 07:00 local on both sides of a DST change. Added tests that freeze time "
            "around the March and October transitions for Europe/Lisbon and Europe/London, "
            "and a one-off script that re-materialized all future slots."
        ),
        context="Fix in fernhill/services/slots.py the day after the DST incident",
        tags=("timezones", "booking", "testing"),
        days_ago=104,
        importance=92,
        access_count=20,
    ),
    # --- Month 3-4: performance and caching -----------------------------------------------
    M(
        key="schedule-index-insight",
        type="insight",
        content=(
            "The week schedule endpoint had p95 1.8 s under a locust run of 200 users. Two "
            "fixes: a composite index on slots (studio_id, starts_at) and selectinload() for "
            "bookings, which removed an N+1 of about 60 queries per request. p95 is now "
            "240 ms with the same load, and Postgres CPU at peak fell from 65% to 30%."
        ),
        context="Performance pass on GET /studios/{id}/schedule before adding new studios",
        tags=("performance", "postgres", "booking"),
        days_ago=98,
        importance=84,
        access_count=17,
    ),
    M(
        key="fly-ops-commands",
        type="command",
        content=(
            "Commands we keep looking up: `fly postgres connect -a fernhill-db` for a psql "
            'shell; `fly ssh console -a fernhill-api -C "python -m fernhill.cli '
            'rematerialize-slots --studio <id>"` for one-off jobs; `fly logs -a fernhill-api` '
            "for live logs; `fly releases -a fernhill-api` to find the previous image for a "
            "rollback with `fly deploy --image <ref>`."
        ),
        context="Collected during the DST incident when nobody remembered the exact syntax",
        tags=("fly", "ops", "postgres", "deploy"),
        days_ago=92,
        importance=58,
        status="needs_review",
        access_count=38,
    ),
    M(
        key="alembic-enum-troubleshooting",
        type="troubleshooting",
        content=(
            "Alembic autogenerate does not detect new values in a Postgres enum such as "
            "booking_status, and its naive attempts to recreate the type fail on live data. "
            'Write it by hand: `op.execute("ALTER TYPE booking_status ADD VALUE '
            "'no_show'\")`, and don't use the new value in the same migration, because Postgres "
            "can't use it until the transaction that added it commits."
        ),
        context="Adding the no_show status for the reminder emails feature",
        tags=("migrations", "postgres", "troubleshooting"),
        days_ago=88,
        importance=55,
        access_count=9,
    ),
    M(
        key="schedule-cache-decision",
        type="decision",
        content=(
            "Cache the full week-schedule response in Redis for 60 s, keyed "
            "schedule:{studio_id}:{iso_week}, and delete the key on every booking write. "
            "Most traffic is read-only browsing between 06:00 and 08:00, so even a short TTL "
            "takes most of the load off Postgres."
        ),
        context="Follow-up to the schedule performance pass, ahead of onboarding 12 more studios",
        tags=("cache", "redis", "performance"),
        days_ago=84,
        importance=72,
        status="needs_review",
        access_count=15,
    ),
    M(
        key="stale-cache-error",
        type="error",
        content=(
            "Members saw '2 spots left' on classes that were already full, booked, and got a "
            "confusing waitlist email instead. The cache was only invalidated in the booking "
            "route; the Celery task that promotes people off the waitlist, and cancellations "
            "made by studio staff in the admin, wrote to Postgres without clearing the cache."
        ),
        context="Bug reports from the Lisbon studios one week after the schedule cache shipped",
        tags=("cache", "booking", "production", "redis"),
        days_ago=80,
        importance=78,
        access_count=10,
    ),
    M(
        key="cache-invalidation-fix",
        type="solution",
        content=(
            "Cache invalidation moved out of the routes into one place: an SQLAlchemy "
            "after_commit listener that clears schedule:{studio_id}:* for any session that "
            "touched bookings or slots, so every write path (API, admin, Celery) is covered. "
            "spots_left is no longer cached at all; it is a cheap indexed COUNT merged into "
            "the cached schedule on each request."
        ),
        context="Fix in fernhill/cache.py and fernhill/db.py after the stale-spots bug",
        tags=("cache", "redis", "postgres", "booking"),
        days_ago=78,
        importance=83,
        access_count=14,
    ),
    M(
        key="cache-hit-insight",
        type="insight",
        content=(
            "Two weeks after the cache fix: schedule cache hit ratio is 94% at the 07:00 "
            "peak, median response 35 ms, and Postgres CPU at peak dropped from 30% to about "
            "12%. The extra spots_left COUNT costs under 2 ms thanks to the (slot_id, status) "
            "index on bookings."
        ),
        context="Checking Grafana dashboards after the 15-studio rollout",
        tags=("cache", "performance", "postgres"),
        days_ago=72,
        importance=66,
        access_count=8,
    ),
    # --- Month 4: growing team and load ---------------------------------------------------
    M(
        key="review-rules",
        type="preference",
        content=(
            "Review rules: every PR needs one approval; PRs with an Alembic migration need "
            "two, one of them Maya. Keep PRs under about 400 changed lines, squash-merge, and "
            "use conventional commit titles (feat:, fix:, chore:). Screenshots are required "
            "for any UI change."
        ),
        context="Written down when two contractors joined the team",
        tags=("team", "code-review", "migrations"),
        days_ago=66,
        importance=50,
        access_count=11,
    ),
    M(
        key="db-pool-config",
        type="config",
        content=(
            "API machines run 2 uvicorn workers each, and each SQLAlchemy engine has "
            "pool_size=5, max_overflow=5. Fly Postgres allows max_connections=100, so with "
            "4 API machines that leaves room for Celery and cron. Keep this sum in mind "
            "before scaling anything horizontally."
        ),
        context="Capacity planning in fly.toml and fernhill/db.py",
        tags=("config", "postgres", "performance", "fly"),
        days_ago=60,
        importance=60,
        status="outdated",
        access_count=7,
    ),
    M(
        key="too-many-connections-error",
        type="error",
        content=(
            'Bookings failed for 20 minutes with psycopg.OperationalError "remaining '
            'connection slots are reserved for roles with the SUPERUSER attribute". A '
            "studio's spring promo email went out at 07:00, autoscaling added API machines, "
            "and the 8 Celery workers each kept their own pool of 10 connections to Postgres."
        ),
        context="Incident during a studio's spring promo; the largest traffic spike so far",
        tags=("postgres", "production", "performance"),
        days_ago=55,
        importance=88,
        access_count=9,
    ),
    M(
        key="pgbouncer-fix",
        type="solution",
        content=(
            "Put PgBouncer in front of Postgres in transaction pooling mode (default_pool_size "
            "40) and pointed every app at it. psycopg 3 must then run with "
            "prepare_threshold=None, because server-side prepared statements break under "
            "transaction pooling. Celery workers now use NullPool. Peak Postgres connections "
            "went from 100 (maxed out) to 38."
        ),
        context="Fix after the promo-day connection incident; config in infra/pgbouncer.ini",
        tags=("postgres", "performance", "config", "fly"),
        days_ago=54,
        importance=87,
        access_count=16,
    ),
    M(
        key="no-downgrade-warning",
        type="warning",
        content=(
            "Never run `alembic downgrade` against production. Rolling deploys run old and new "
            "code against the same database for a few minutes, so every migration must be "
            "backwards compatible; to undo one, write a new forward migration. Dropping a "
            "column that old code still reads takes the site down mid-deploy."
        ),
        context="After a deploy dropped bookings.note while old machines still selected it",
        tags=("migrations", "deploy", "postgres"),
        days_ago=48,
        importance=85,
        access_count=13,
    ),
    M(
        key="expand-contract-concept",
        type="concept",
        content=(
            "Expand/contract migrations: first expand (add the new column or table, "
            "nullable, and write to both old and new), deploy; then backfill; then switch "
            "reads to the new shape, deploy; only then contract (drop the old column) in a "
            "later release. Each step is safe with both app versions running at once."
        ),
        context="Explained in the team wiki after the bookings.note incident",
        tags=("migrations", "deploy", "postgres"),
        days_ago=45,
        importance=74,
        access_count=12,
    ),
    M(
        key="pg-stat-statements-tip",
        type="tip",
        content=(
            "To find slow queries, enable pg_stat_statements and run `SELECT calls, "
            "round(mean_exec_time) AS ms, query FROM pg_stat_statements ORDER BY "
            "total_exec_time DESC LIMIT 10;`. Then check the worst one with "
            "`EXPLAIN (ANALYZE, BUFFERS)`: a Seq Scan on bookings or slots means a missing "
            "index."
        ),
        context="Routine performance check after the PgBouncer change",
        tags=("postgres", "performance", "ops"),
        days_ago=40,
        importance=52,
        access_count=15,
    ),
    # --- Month 5: product polish ----------------------------------------------------------
    M(
        key="reminder-email-insight",
        type="insight",
        content=(
            "No-show rate fell from 11% to 4% once Postmark reminders were sent 2 hours before "
            "class. The 24-hour reminder we tried first changed almost nothing (10.5%). "
            "Reminders that include the studio's address and a one-tap cancel link also "
            "freed about 30 waitlist spots a week across all studios."
        ),
        context="A/B comparison of reminder timing over six weeks",
        tags=("email", "booking", "analytics"),
        days_ago=35,
        importance=68,
        access_count=6,
    ),
    M(
        key="incident-runbook",
        type="reference",
        content=(
            "Incident runbook: docs/runbooks/incident.md (who to call, how to put the app in "
            "read-only mode, how to roll back a deploy). Status pages to check first: "
            "https://status.flyio.net, https://status.stripe.com, "
            "https://status.postmarkapp.com."
        ),
        context="Written by Priya after the promo-day outage",
        tags=("ops", "docs", "production"),
        days_ago=30,
        importance=70,
        access_count=9,
    ),
    M(
        key="team-contacts",
        type="general",
        content=(
            "José Peña owns the booking-flow redesign and the Portuguese translation. "
            "Zoë Álvarez, owner of Estúdio Luz in Lisbon, is our most active pilot studio "
            "and the first person to ask about new features; she prefers WhatsApp to email. "
            "Priya is on call for production during European mornings."
        ),
        context="Team page in the wiki, updated for the new contractors",
        tags=("team", "roadmap"),
        days_ago=25,
        importance=25,
        access_count=5,
    ),
    M(
        key="i18n-decision",
        type="decision",
        content=(
            "Ship Portuguese (pt-PT) next to English using Paraglide in SvelteKit: every "
            "user-facing string lives in web/messages/{en,pt}.json, and dates are formatted "
            "with Intl.DateTimeFormat in the studio's timezone, never the browser's. "
            "Emails use the member's saved locale, falling back to the studio's."
        ),
        context="Lisbon studios asked for Portuguese before the paid launch",
        tags=("i18n", "frontend", "timezones"),
        days_ago=20,
        importance=64,
        access_count=7,
    ),
    M(
        key="accent-search-error",
        type="error",
        content=(
            'Member search in the studio admin couldn\'t find accented names: typing "jose" '
            'or "zoe" returned nothing for José or Zoë, and "conceicao" missed Conceição. '
            "The query used ILIKE on the raw name column, which treats é and e as different "
            "characters."
        ),
        context="Reported by Estúdio Luz after the Portuguese launch",
        tags=("search", "postgres", "i18n"),
        days_ago=15,
        importance=60,
        access_count=4,
    ),
    M(
        key="unaccent-search-fix",
        type="solution",
        content=(
            "Enabled the Postgres unaccent extension and wrapped it in an IMMUTABLE function "
            "f_unaccent(text) so it can be indexed; search now compares "
            "f_unaccent(lower(name)) against f_unaccent(lower(:q)) with a pg_trgm GIN index. "
            '"jose" finds José again, and search stays under 10 ms on 12k members.'
        ),
        context="Migration 0042_unaccent_search and fernhill/services/members.py",
        tags=("search", "postgres", "migrations"),
        days_ago=14,
        importance=72,
        access_count=5,
    ),
    # --- Month 6: open ends -----------------------------------------------------------
    M(
        key="remove-python-jose-todo",
        type="todo",
        content=(
            "The mobile app still authenticates with the old JWTs from auth v1. Move it to "
            "the Redis session API (or short-lived tokens backed by sessions), then delete "
            "python-jose from pyproject.toml; the library is unmaintained and has open CVEs."
        ),
        context="Dependency audit with `uv pip list --outdated` and pip-audit",
        tags=("auth", "security", "api"),
        days_ago=9,
        importance=76,
        access_count=3,
    ),
    M(
        key="waitlist-sms-todo",
        type="todo",
        content=(
            "Send an SMS (Twilio) when someone is promoted off the waitlist less than 3 hours "
            "before class; email alone is too slow for same-day classes. Requested by three "
            "studios. Blocked on deciding who pays for SMS: studio or platform fee."
        ),
        context="Roadmap review with Tom and the pilot studios",
        tags=("booking", "roadmap", "email"),
        days_ago=4,
        importance=48,
        access_count=2,
    ),
    M(
        key="fly-backups-warning",
        type="warning",
        content=(
            "Fly Postgres is not a managed database: the only backups are daily volume "
            "snapshots kept for 5 days, and nobody has tested a restore. Until we move to a "
            "managed Postgres, run the nightly pg_dump to S3 job and try a restore into a "
            "staging app once a month."
        ),
        context="Priya's infrastructure review before the paid launch",
        tags=("postgres", "ops", "fly"),
        days_ago=1,
        importance=89,
        access_count=1,
    ),
)

DEMO_RELATIONSHIPS: tuple[DemoRelationship, ...] = (
    R("auth-sessions-decision", "auth-jwt-decision", "supersedes"),
    R("auth-sessions-decision", "jwt-revocation-error", "derived_from"),
    R("stripe-webhook-fix", "stripe-webhook-error", "derived_from"),
    R("dst-slot-fix", "dst-double-booking-error", "derived_from"),
    R("cache-invalidation-fix", "stale-cache-error", "derived_from"),
    R("cache-invalidation-fix", "schedule-cache-decision", "contradicts"),
    R("pgbouncer-fix", "too-many-connections-error", "derived_from"),
    R("pgbouncer-fix", "db-pool-config", "supersedes"),
    R("expand-contract-concept", "no-downgrade-warning", "related_to"),
    R("unaccent-search-fix", "accent-search-error", "derived_from"),
)

del M, R
