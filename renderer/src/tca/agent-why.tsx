import { useMemo } from 'react';
import type { AgentExplanationsView } from '../../../main/contract/agent-explanations.js';
import { agentWhyRows } from './agent-why-model.js';
import './agent-why.css';

/**
 * "Why the agent sent it": every decision of a learned agent's parent order — when, the action
 * and the policy's probability (or Q-value) of it, the runners-up, the observation by feature
 * name, and the child order it sent (its id matches the child-order grid's). A plain table: a
 * few hundred rows at most per order.
 */
export function AgentWhy({ explanations, startNs, priceScale, testId }: { explanations: AgentExplanationsView; startNs: number; priceScale: number; testId: string }) {
  const rows = useMemo(() => agentWhyRows(explanations, startNs, priceScale), [explanations, startNs, priceScale]);
  return (
    <section className="panel agent-why" aria-label="Why the agent sent it" data-testid={testId}>
      <header className="panel-head">
        <h2>Why the agent sent it</h2>
        <span className="panel-sub">{rows.length} decision{rows.length === 1 ? '' : 's'}</span>
      </header>
      <div className="agent-why-scroll">
        <table className="agent-why-table">
          <thead>
            <tr><th>#</th><th>At</th><th>Action</th><th>Policy</th><th>Runners-up</th><th>Child order</th><th>Observation</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-child={r.childOrderId ?? ''}>
                <td>{r.decision}</td><td>{r.at}</td><td>{r.action}</td><td>{r.confidence}</td><td>{r.alternatives}</td><td>{r.child}</td><td className="agent-why-features">{r.features}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
