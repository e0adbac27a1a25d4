"""The classic Sparkify ETL (pandas + psycopg2, one INSERT per row), as the course project wrote it.

Only for the benchmark in bench/postgres.mjs: usage  python3 classic_etl.py DSN SCHEMA DATA_DIR
"""
import glob
import os
import sys

import numpy as np
import pandas as pd
import psycopg2
from psycopg2.extensions import AsIs, register_adapter

register_adapter(np.int64, AsIs)
register_adapter(np.float64, AsIs)

DDL = """
DROP TABLE IF EXISTS songplays, users, songs, artists, time;
CREATE TABLE songplays (songplay_id SERIAL PRIMARY KEY, start_time TIMESTAMP NOT NULL, user_id VARCHAR NOT NULL,
  level VARCHAR, song_id VARCHAR, artist_id VARCHAR, session_id INT, location VARCHAR, user_agent VARCHAR);
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, gender VARCHAR, level VARCHAR);
CREATE TABLE songs (song_id VARCHAR PRIMARY KEY, title VARCHAR, artist_id VARCHAR, year INT, duration FLOAT);
CREATE TABLE artists (artist_id VARCHAR PRIMARY KEY, name VARCHAR, location VARCHAR, latitude FLOAT, longitude FLOAT);
CREATE TABLE time (start_time TIMESTAMP PRIMARY KEY, hour INT, day INT, week INT, month INT, year INT, weekday INT);
"""
SONGPLAY = "INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
USER = "INSERT INTO users VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET level = EXCLUDED.level"
SONG = "INSERT INTO songs VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
ARTIST = "INSERT INTO artists VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
TIME = "INSERT INTO time VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
SONG_SELECT = """SELECT s.song_id, a.artist_id FROM songs s JOIN artists a ON s.artist_id = a.artist_id
WHERE s.title = %s AND a.name = %s AND s.duration = %s"""


def files(root):
    return sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True))


def none(value):
    return None if pd.isna(value) else value


def main(dsn, schema, data):
    conn = psycopg2.connect(dsn, options=f"-c search_path={schema}")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    cur.execute(DDL)
    for path in files(os.path.join(data, "song_data")):
        df = pd.read_json(path, lines=True, encoding="utf-8-sig")  # the generator writes BOMs, as real exports do
        cur.execute(SONG, [none(v) for v in df[["song_id", "title", "artist_id", "year", "duration"]].values[0].tolist()])
        cur.execute(ARTIST, [none(v) for v in df[["artist_id", "artist_name", "artist_location", "artist_latitude", "artist_longitude"]].values[0].tolist()])
    for path in files(os.path.join(data, "log_data")):
        df = pd.read_json(path, lines=True, encoding="utf-8-sig")  # the generator writes BOMs, as real exports do
        df = df[df.page == "NextSong"]
        t = pd.to_datetime(df["ts"], unit="ms")
        time_df = pd.DataFrame({"start_time": t, "hour": t.dt.hour, "day": t.dt.day, "week": t.dt.isocalendar().week.astype("int64"),
                                "month": t.dt.month, "year": t.dt.year, "weekday": t.dt.weekday})
        for _, row in time_df.iterrows():
            cur.execute(TIME, [row.start_time.to_pydatetime()] + [int(v) for v in row.values[1:]])
        for _, row in df[["userId", "firstName", "lastName", "gender", "level"]].iterrows():
            cur.execute(USER, [str(row.userId), row.firstName, row.lastName, row.gender, row.level])
        for _, row in df.iterrows():
            cur.execute(SONG_SELECT, (row.song, row.artist, row.length))
            found = cur.fetchone()
            song_id, artist_id = found if found else (None, None)
            cur.execute(SONGPLAY, (pd.to_datetime(row.ts, unit="ms").to_pydatetime(), str(row.userId), row.level, song_id, artist_id,
                                   int(row.sessionId), row.location, row.userAgent))
    cur.execute("SELECT COUNT(*) FROM songplays")
    print(f"classic: {cur.fetchone()[0]} songplays", file=sys.stderr)
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
