/**
 * Termination-window facts about one Service: whether its pods can be rolled without new
 * connections reaching a pod that is already shutting down, or an IP-target load balancer sending
 * to a pod before it is registered. Each fact is a problem, known fine, or unknown (with what is
 * missing); the explain layer turns problems into Findings.
 */
import type { IngressClassResolution } from '../kubernetes/ingressclass.ts';
import type { Evidence, Severity } from '../kubernetes/evidence.ts';
import type { EventObject, Ingress, NamespaceObject, Pod, Service, ServicePort } from '../kubernetes/objects.ts';

export type TerminationCode =
  | 'NoPreStopDelay'
  | 'GracePeriodShorterThanPreStop'
  | 'GracePeriodShorterThanDeregistration'
  | 'ReadinessGateNotInjected'
  | 'HealthCheckPathMismatch'
  | 'LoadBalancerIPModeProxy';

export interface TerminationFact {
  code: TerminationCode;
  state: 'problem' | 'ok' | 'unknown';
  /** For problems; `info` for ok and unknown facts. */
  severity: Severity;
  /** What the fact is about: `pods web-7kq2w, web-m9x4z (container web)`, `namespace/default`, `ingress/default/web`. */
  subject: string;
  message: string;
  evidence: Evidence[];
  /** For problems: what to change. */
  fix: string | null;
}

/** An Ingress that routes to the Service, with its class and the Service ports it uses. */
export interface IngressFront {
  ingress: Ingress;
  ingressClass: IngressClassResolution;
  servicePorts: readonly ServicePort[];
}

export interface TerminationInput {
  service: Service;
  /** The pods the Service selects. */
  pods: readonly Pod[];
  /** Events of those pods (FailedPreStopHook). */
  events: readonly EventObject[];
  /** The Service's Namespace; null when it is not in the input. */
  namespace: NamespaceObject | null;
  ingresses: readonly IngressFront[];
  /**
   * Why the pods or the Ingresses are not known (not in the input, forbidden); absent when they
   * were read. Facts that depend on them are then unknown, never "ok".
   */
  podsUnknown?: string;
  ingressesUnknown?: string;
  /**
   * Seconds the application needs after SIGTERM to finish in-flight requests: a policy, not a
   * Kubernetes value. The kubelet itself guarantees only 2 s (minimumGracePeriodInSeconds).
   */
  shutdownMarginSeconds?: number;
}

export const DEFAULT_SHUTDOWN_MARGIN_SECONDS = 5;
/** core/v1 DefaultTerminationGracePeriodSeconds, applied by API defaulting when the field is unset. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** pkg/kubelet/kuberuntime kuberuntime_manager.go minimumGracePeriodInSeconds: the stop window floor after the hook. */
export const KUBELET_MINIMUM_STOP_SECONDS = 2;
