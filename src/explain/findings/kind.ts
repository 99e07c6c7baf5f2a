/** What kind of Service it is, when that alone changes where its traffic goes (or whether it has any). */
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

export function kindFindings({ service, view }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  if (service.type === 'ExternalName') {
    findings.push({ code: 'ExternalName', severity: 'info', message: `ExternalName Service: DNS answers with a CNAME to ${view.service.spec?.externalName ?? '?'}; there are no endpoints and no kube-proxy rules` });
  }
  if (!service.selector && service.type !== 'ExternalName') {
    findings.push({ code: 'NoSelector', severity: 'info', message: 'no selector: its endpoints are written by hand or by another controller, not derived from pods' });
  }
  if (service.headless) {
    findings.push({ code: 'Headless', severity: 'info', message: 'headless (clusterIP None): DNS returns the ready endpoints directly; kube-proxy writes no rules for it' });
  }
  if (service.publishNotReadyAddresses) {
    findings.push({ code: 'PublishNotReadyAddresses', severity: 'warning', message: 'publishNotReadyAddresses: every endpoint is published ready, whatever its pod readiness' });
  }
  if (service.sessionAffinity === 'ClientIP') {
    const seconds = view.service.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
    findings.push({ code: 'SessionAffinity', severity: 'info', message: `ClientIP session affinity (${seconds}s): returning clients stick to their endpoint, so shares apply to new clients only` });
  }
  return findings;
}
