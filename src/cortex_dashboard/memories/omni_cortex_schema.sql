-- The Omni-Cortex database schema as omni-cortex 1.28 leaves it (schema_migrations 1.8):
-- the 1.0 base schema with the columns and tables its migrations add.
-- The dashboard runs this only in databases it creates itself (the demo, tests).

CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    project_path TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    summary TEXT,
    tags TEXT,
    metadata TEXT,
    duration_ms INTEGER
);

CREATE TABLE IF NOT EXISTS agents (
    id TEXT PRIMARY KEY,
    name TEXT,
    type TEXT NOT NULL DEFAULT 'main',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    total_activities INTEGER DEFAULT 0,
    metadata TEXT
);

CREATE TABLE IF NOT EXISTS activities (
    id TEXT PRIMARY KEY,
    session_id TEXT,
    agent_id TEXT,
    timestamp TEXT NOT NULL,
    event_type TEXT NOT NULL,
    tool_name TEXT,
    tool_input TEXT,
    tool_output TEXT,
    duration_ms INTEGER,
    success INTEGER DEFAULT 1,
    error_message TEXT,
    project_path TEXT,
    file_path TEXT,
    metadata TEXT,
    command_name TEXT,
    command_scope TEXT,
    mcp_server TEXT,
    skill_name TEXT,
    summary TEXT,
    summary_detail TEXT,
    FOREIGN KEY (session_id) REFERENCES sessions(id),
    FOREIGN KEY (agent_id) REFERENCES agents(id)
);

CREATE TABLE IF NOT EXISTS memories (
    id TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'general',
    tags TEXT,
    context TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_accessed TEXT NOT NULL,
    last_verified TEXT,
    access_count INTEGER DEFAULT 0,
    importance_score REAL DEFAULT 50.0,
    manual_importance INTEGER,
    status TEXT DEFAULT 'fresh',
    source_session_id TEXT,
    source_agent_id TEXT,
    source_activity_id TEXT,
    project_path TEXT,
    file_context TEXT,
    has_embedding INTEGER DEFAULT 0,
    metadata TEXT,
    FOREIGN KEY (source_session_id) REFERENCES sessions(id),
    FOREIGN KEY (source_agent_id) REFERENCES agents(id),
    FOREIGN KEY (source_activity_id) REFERENCES activities(id)
);

CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
    content, context, tags,
    content=memories,
    content_rowid=rowid,
    tokenize='porter unicode61'
);

CREATE TRIGGER IF NOT EXISTS memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, content, context, tags)
    VALUES (NEW.rowid, NEW.content, NEW.context, NEW.tags);
END;

CREATE TRIGGER IF NOT EXISTS memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, context, tags)
    VALUES ('delete', OLD.rowid, OLD.content, OLD.context, OLD.tags);
END;

CREATE TRIGGER IF NOT EXISTS memories_au AFTER UPDATE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, context, tags)
    VALUES ('delete', OLD.rowid, OLD.content, OLD.context, OLD.tags);
    INSERT INTO memories_fts(rowid, content, context, tags)
    VALUES (NEW.rowid, NEW.content, NEW.context, NEW.tags);
END;

CREATE TABLE IF NOT EXISTS memory_relationships (
    id TEXT PRIMARY KEY,
    source_memory_id TEXT NOT NULL,
    target_memory_id TEXT NOT NULL,
    relationship_type TEXT NOT NULL,
    strength REAL DEFAULT 1.0,
    created_at TEXT NOT NULL,
    metadata TEXT,
    FOREIGN KEY (source_memory_id) REFERENCES memories(id) ON DELETE CASCADE,
    FOREIGN KEY (target_memory_id) REFERENCES memories(id) ON DELETE CASCADE,
    UNIQUE(source_memory_id, target_memory_id, relationship_type)
);

CREATE TABLE IF NOT EXISTS activity_memory_links (
    activity_id TEXT NOT NULL,
    memory_id TEXT NOT NULL,
    link_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (activity_id, memory_id, link_type),
    FOREIGN KEY (activity_id) REFERENCES activities(id) ON DELETE CASCADE,
    FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS embeddings (
    id TEXT PRIMARY KEY,
    memory_id TEXT NOT NULL UNIQUE,
    model_name TEXT NOT NULL,
    vector BLOB NOT NULL,
    dimensions INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS session_summaries (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL UNIQUE,
    key_learnings TEXT,
    key_decisions TEXT,
    key_errors TEXT,
    files_modified TEXT,
    tools_used TEXT,
    total_activities INTEGER DEFAULT 0,
    total_memories_created INTEGER DEFAULT 0,
    created_at TEXT NOT NULL,
    duration_ms INTEGER,
    tool_duration_breakdown TEXT,
    FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS user_messages (
    id TEXT PRIMARY KEY,
    session_id TEXT,
    timestamp TEXT NOT NULL,
    content TEXT NOT NULL,
    word_count INTEGER,
    char_count INTEGER,
    line_count INTEGER,
    has_code_blocks INTEGER DEFAULT 0,
    has_questions INTEGER DEFAULT 0,
    has_commands INTEGER DEFAULT 0,
    tone_indicators TEXT,
    project_path TEXT,
    metadata TEXT,
    FOREIGN KEY (session_id) REFERENCES sessions(id)
);

CREATE TABLE IF NOT EXISTS user_style_profiles (
    id TEXT PRIMARY KEY,
    project_path TEXT,
    total_messages INTEGER DEFAULT 0,
    avg_word_count REAL,
    avg_char_count REAL,
    common_phrases TEXT,
    vocabulary_richness REAL,
    formality_score REAL,
    question_frequency REAL,
    command_frequency REAL,
    code_block_frequency REAL,
    punctuation_style TEXT,
    greeting_patterns TEXT,
    instruction_style TEXT,
    sample_messages TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    metadata TEXT
);

CREATE TABLE IF NOT EXISTS memory_versions (
    id TEXT PRIMARY KEY,
    memory_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    context TEXT,
    tags TEXT,
    changed_at TEXT NOT NULL,
    change_reason TEXT,
    FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    metadata TEXT,
    UNIQUE(name, entity_type)
);

CREATE TABLE IF NOT EXISTS memory_entities (
    memory_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (memory_id, entity_id),
    FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE,
    FOREIGN KEY (entity_id) REFERENCES entities(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    memory_id TEXT NOT NULL,
    file_path TEXT NOT NULL,
    mime_type TEXT,
    file_size INTEGER,
    created_at TEXT NOT NULL,
    FOREIGN KEY (memory_id) REFERENCES memories(id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS idx_activities_session ON activities(session_id);
CREATE INDEX IF NOT EXISTS idx_activities_agent ON activities(agent_id);
CREATE INDEX IF NOT EXISTS idx_activities_timestamp ON activities(timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_activities_tool ON activities(tool_name);
CREATE INDEX IF NOT EXISTS idx_activities_command ON activities(command_name);
CREATE INDEX IF NOT EXISTS idx_activities_mcp ON activities(mcp_server);
CREATE INDEX IF NOT EXISTS idx_activities_skill ON activities(skill_name);
CREATE INDEX IF NOT EXISTS idx_activities_duration ON activities(duration_ms);
CREATE INDEX IF NOT EXISTS idx_sessions_duration ON sessions(duration_ms);
CREATE INDEX IF NOT EXISTS idx_memories_type ON memories(type);
CREATE INDEX IF NOT EXISTS idx_memories_status ON memories(status);
CREATE INDEX IF NOT EXISTS idx_memories_project ON memories(project_path);
CREATE INDEX IF NOT EXISTS idx_memories_importance ON memories(importance_score DESC);
CREATE INDEX IF NOT EXISTS idx_memories_accessed ON memories(last_accessed DESC);
CREATE INDEX IF NOT EXISTS idx_memories_created ON memories(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_relationships_source ON memory_relationships(source_memory_id);
CREATE INDEX IF NOT EXISTS idx_relationships_target ON memory_relationships(target_memory_id);
CREATE INDEX IF NOT EXISTS idx_user_messages_session ON user_messages(session_id);
CREATE INDEX IF NOT EXISTS idx_user_messages_timestamp ON user_messages(timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_memory_versions_memory ON memory_versions(memory_id);
CREATE INDEX IF NOT EXISTS idx_attachments_memory ON attachments(memory_id);

INSERT OR IGNORE INTO schema_migrations(version, applied_at) VALUES
    ('1.0', '2026-01-01T00:00:00+00:00'), ('1.1', '2026-01-01T00:00:00+00:00'),
    ('1.2', '2026-01-01T00:00:00+00:00'), ('1.3', '2026-01-01T00:00:00+00:00'),
    ('1.4', '2026-01-01T00:00:00+00:00'), ('1.5', '2026-01-01T00:00:00+00:00'),
    ('1.6', '2026-01-01T00:00:00+00:00'), ('1.7', '2026-01-01T00:00:00+00:00'),
    ('1.8', '2026-01-01T00:00:00+00:00');
