import { useMemo } from 'react';
import type { AgentExplanationsView } from '../../../main/contract/agent-explanations.js';
import { agentWhyRows } from './agent-why-model.js';

/**
 * "Why the agent sent it": every decision of a learned agent's parent order — when, the action
 * and the policy's probability (or Q-value) of it, the runners-up, the observation by feature
 * name, and the child order it sent (its id matches the child-order grid's). A plain table: a
 * few hundred rows at most per order.
 */
export function AgentWhy({ explanations, startNs, priceScale, testId }: { explanations: AgentExplanationsView; startNs: number; priceScale: number; testId: string }) {
  const rows = useMemo(() => agentWhyRows(explanations, startNs, priceScale), [explanations, startNs, priceScale]);
  return (
    <div className="agent-why" data-testid={testId}>
      <div className="tca-detail-sub muted">Why the agent sent it · {rows.length} decision{rows.length === 1 ? '' : 's'}</div>
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
    </div>
  );
}
