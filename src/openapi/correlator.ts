/**
 * The x-correlator header pattern of CAMARA Commonalities (design guide 5.8.5, the `XCorrelator`
 * schema of CAMARA_common.yaml): a spec fact, read by the mock (400 INVALID_ARGUMENT outside it) and
 * by the runner (only a valid value sent must be echoed).
 */
export const X_CORRELATOR_PATTERN = /^[a-zA-Z0-9-_:;./<>{}]{0,256}$/;
