/** A directed graph: each node and the nodes it points to. */
export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

/** Groups of nodes that all reach each other (Tarjan), each sorted; lone nodes only with a self-edge. */
export function stronglyConnected(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || graph.get(node)?.has(node)) groups.push(group.sort());
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  // Every group has at least one member.
  return groups.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** The shortest path from `from` to `to` inside `group` (breadth first), both ends included. */
function shortestPath(
  graph: Graph,
  group: ReadonlySet<string>,
  from: string,
  to: string,
): string[] {
  const cameFrom = new Map<string, string>([[from, from]]);
  let frontier = [from];
  while (frontier.length > 0 && !cameFrom.has(to)) {
    frontier = frontier.flatMap((node) =>
      [...(graph.get(node) ?? [])]
        .sort()
        .filter((next) => group.has(next) && !cameFrom.has(next))
        .map((next) => (cameFrom.set(next, node), next)),
    );
  }
  if (!cameFrom.has(to)) throw new Error(`no path from ${from} to ${to}`);
  const path = [to];
  for (let node = to; node !== from; ) {
    node = cameFrom.get(node) as string;
    path.unshift(node);
  }
  return path;
}

/**
 * Named cycles, as `a → b → a`: for each edge that lies on a cycle, the shortest way back, without
 * repeats. Every offending edge appears in at least one of them, so the list says everything
 * that must change for the graph to become a tree.
 */
export function namedCycles(graph: Graph): string[] {
  const named = new Map<string, string>();
  for (const group of stronglyConnected(graph)) {
    const members = new Set(group);
    for (const from of group) {
      for (const to of [...(graph.get(from) ?? [])].sort()) {
        if (!members.has(to)) continue;
        const ring =
          from === to ? [from] : [from, ...shortestPath(graph, members, to, from).slice(0, -1)];
        // One name per loop, however it is rotated: start at its smallest node.
        const [smallest = from] = [...ring].sort();
        const start = ring.indexOf(smallest);
        const rotated = [...ring.slice(start), ...ring.slice(0, start)];
        named.set(rotated.join(','), [...rotated, rotated[0]].join(' → '));
      }
    }
  }
  return [...named.values()].sort();
}
