/** The well-known labels and annotations the controllers write and kubectl-slices reads. */

/** Well-known label EndpointSlices carry to name their Service (discovery.k8s.io/v1 LabelServiceName). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Endpoints controller annotation set when more than 1000 addresses were truncated. */
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/**
 * When the change that triggered an EndpointSlice's or Endpoints' last update happened (the newest
 * pod or Service change the controller acted on): staging/src/k8s.io/endpointslice/utils.go and
 * pkg/controller/endpoint/endpoints_controller.go set it from their trigger time tracker.
 */
export const ANNOTATION_LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
