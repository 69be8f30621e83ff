/**
 * Which offsets may be committed: per partition, the message after the last one finished (processed
 * or dead-lettered). The worker handles a partition's messages in order, so "finished up to here"
 * is one number per partition. Pure, so it is easy to test.
 */
export class Progress<M> {
    private readonly done = new Map<string, { offset: bigint; message: M }>();

    /** Records that `message` at `offset` of `topic`/`partition` is finished. */
    finish(topic: string, partition: number, offset: bigint, message: M): void {
        const key = `${topic}/${partition}`;
        const current = this.done.get(key);
        if (!current || current.offset < offset) {
            this.done.set(key, { offset, message });
        }
    }

    /** The last finished message of each partition since the last `take`, and forgets them. */
    take(): M[] {
        const messages = [...this.done.values()].map((d) => d.message);
        this.done.clear();
        return messages;
    }

    get pending(): number {
        return this.done.size;
    }
}
