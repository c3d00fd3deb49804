<#-- DestinationRule: rendered in every member of the mesh, because the client-side proxies of the
     callers apply it. host is the FQDN callers use: the service in this cluster's clusterDomain
     (in a federation, the exporter's). Locality failover needs outlier detection in Istio: a rule
     with failover and no outlier settings gets consecutive5xxErrors 5, interval 10s,
     baseEjectionTime 30s, and a failover rule gets maxEjectionPercent 100 unless it sets one, since
     Envoy otherwise ejects at most 10 % of the endpoints and a failed region keeps its traffic.
     Any outlier detection also turns on locality-aware routing: callers prefer endpoints in their
     own zone, then region, and leave it only as endpoints are ejected. Localities are the nodes'
     topology.kubernetes.io/region and zone labels. Canary subsets select pods by the label
     versionLabel (default version).
     In a federation member calling a remote export, DKP already has a rule for the host (in
     d8-istio, tls ISTIO_MUTUAL); Istio takes the rule of the caller's namespace first and does not
     merge rules, so this one repeats ISTIO_MUTUAL, and applies to callers in its own namespace only. -->
apiVersion: ${q("networking.istio.io/" + apiVersion)}
kind: DestinationRule
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
  host: ${q(host)}
<#if maxConnections?? || maxPendingRequests?? || outlierDetection?? || failover?? || distribute?? || tlsMode??>
  trafficPolicy:
<#if tlsMode??>
    tls:
      mode: ${q(tlsMode)}
</#if>
<#if maxConnections?? || maxPendingRequests??>
    connectionPool:
<#if maxConnections??>
      tcp:
        maxConnections: ${maxConnections?c}
</#if>
<#if maxPendingRequests??>
      http:
        http1MaxPendingRequests: ${maxPendingRequests?c}
</#if>
</#if>
<#if outlierDetection??>
    outlierDetection:
<#if outlierDetection.consecutive5xxErrors??>
      consecutive5xxErrors: ${outlierDetection.consecutive5xxErrors?c}
</#if>
<#if outlierDetection.interval??>
      interval: ${q(outlierDetection.interval)}
</#if>
<#if outlierDetection.baseEjectionTime??>
      baseEjectionTime: ${q(outlierDetection.baseEjectionTime)}
</#if>
<#if outlierDetection.maxEjectionPercent??>
      maxEjectionPercent: ${outlierDetection.maxEjectionPercent?c}
</#if>
</#if>
<#if failover?? || distribute??>
    loadBalancer:
      localityLbSetting:
        enabled: true
<#if failover??>
        failover:
<#list failover as f>
          - from: ${q(f.from)}
            to: ${q(f.to)}
</#list>
</#if>
<#if distribute??>
        distribute:
<#list distribute as d>
          - from: ${q(d.from)}
            to:
<#list d.to as w>
              ${q(w.locality)}: ${w.weight?c}
</#list>
</#list>
</#if>
</#if>
</#if>
<#if canary??>
  subsets:
    - name: stable
      labels:
        ${q(canary.label)}: ${q(canary.stable)}
    - name: canary
      labels:
        ${q(canary.label)}: ${q(canary.canary)}
</#if>
