// The one progress comment of a run, edited as stages finish. Edits are coalesced: a stage's edit is made only when
// the previous edit is older than the interval, and the final state is always written, so a fast run costs one
// create and one edit while a slow (LLM) run still shows its progress.
import { renderProgress, type ProgressState } from "../core/progress.ts";
import type { Forge } from "../ports.ts";

export interface ProgressCommentOptions {
  forge: Forge;
  /** The issue or pull request the comment is on. */
  issueNumber: number;
  /** Minimum milliseconds between two edits before the final one. */
  minIntervalMs: number;
  now(): number;
}

export class ProgressComment {
  private commentId: number | undefined;
  private written: string | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private pending: ProgressState | undefined;

  constructor(private readonly options: ProgressCommentOptions) {}

  get id(): number | undefined {
    return this.commentId;
  }

  /** Posts the comment; answers its id. */
  async create(state: ProgressState): Promise<number> {
    const body = renderProgress(state);
    const { id } = await this.options.forge.createComment(this.options.issueNumber, body);
    this.commentId = id;
    this.written = body;
    this.lastWriteAt = this.options.now();
    return id;
  }

  /** Continues a comment posted earlier (by the webhook handler). */
  adopt(commentId: number, state: ProgressState): void {
    this.commentId = commentId;
    this.written = renderProgress(state);
    this.lastWriteAt = this.options.now();
  }

  /** Shows a new state now if the last edit is old enough, else keeps it for the next edit or flush. */
  async update(state: ProgressState): Promise<void> {
    this.pending = state;
    if (this.options.now() - this.lastWriteAt >= this.options.minIntervalMs) await this.flush();
  }

  /** Writes the latest state unless the comment already shows it. */
  async flush(state?: ProgressState): Promise<void> {
    if (state) this.pending = state;
    const next = this.pending;
    this.pending = undefined;
    if (!next || this.commentId === undefined) return;
    const body = renderProgress(next);
    if (body === this.written) return;
    await this.options.forge.updateComment(this.commentId, body);
    this.written = body;
    this.lastWriteAt = this.options.now();
  }
}
