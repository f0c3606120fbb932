/** Registers the community's routes (spaces, posts, comments, reactions, follows, ...). */
import type { Database } from '../core/db/database.js';
import type { GuildServer } from '../core/http/server.js';

export function registerCommunityRoutes(app: GuildServer, db: Database): void {
  void app;
  void db;
}
