/**
 * The model checker: {@link dev.reprise.runtime.check.ModelChecker} explores every decision of
 * the deterministic runtime (next thread at a switch point, which waiter a notify wakes,
 * {@code model_checker_select} values) as a branch point of a tree, re-running the prepared
 * {@link dev.reprise.runtime.Program} once per execution with a decision source that steers it.
 *
 * <h2>Reduction</h2>
 * Each execution records, per thread and per segment between two decisions, which 8-byte words
 * of each memory it read and wrote (a memory wrapper installed with
 * {@code RunOptions.memoryWrapper}); {@code wait}/{@code notify} count as a read and a write of
 * their word, a spawn as an update of a word of its own, and every other host call (WASI I/O,
 * clocks, random, exit) as global, dependent on everything. The depth-first search uses sleep
 * sets (Godefroid): after a thread's subtree is explored it sleeps in its later siblings until
 * a step touches what its own step touched; an execution whose every runnable thread sleeps is
 * abandoned (also when the scheduler had to hand a sleeping thread the baton with no
 * decision). Complete executions are then pairwise non-equivalent. Value and wake-order
 * decisions are always fully explored.
 *
 * <h2>Bounds and limits</h2>
 * {@code preemptionBound} runs bounded searches with 0, 1, ... K preemptions (a choice that
 * switches away from a thread that could continue, including at a yield). Combined with
 * reduction, a schedule pruned as equivalent to one that needs more preemptions than the bound
 * is not explored: a bounded search with reduction is an under-approximation of the bounded
 * space (as in CHESS, bounded search never claims completeness). Depth, execution and time
 * bounds make the report incomplete and say so.
 *
 * <h2>Splitting</h2>
 * Shards and jobs share one deterministic enumeration of the tree to a fixed depth: every
 * prefix, and every execution that ends or is pruned above that depth, gets a number k in
 * depth-first order; shard I of N takes those with {@code k mod N == I}, jobs take them from a
 * shared queue. Together the shards run exactly the executions of the unsharded search.
 */
package dev.reprise.runtime.check;
