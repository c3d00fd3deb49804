<#-- Argo CD: one Application per cluster tree, from a list generator. Safe defaults, learned from
     Argo CD's mass-deletion incidents:
     - applicationsSync create-update: the ApplicationSet never deletes an Application, so a
       cluster dropped from the topology (or a bad generator) leaves its Application for a human;
     - preserveResourcesOnDeletion: deleting the ApplicationSet or an Application leaves the
       mesh objects running in the clusters;
     - automated prune is on, because a peer that left the mesh must go, but it cannot wipe a
       cluster: Argo CD refuses to auto-sync to an empty tree (allowEmpty stays false),
       ModuleConfigs carry Prune=false (their phase kustomization), and PruneLast deletes stale
       peers only after everything else applied;
     - retry: DKP admits peer objects only once the ModuleConfig (sync wave -1) took effect, and
       automated sync never retries a failed revision on its own.
     The template is a Go template: topology strings reach it only through the list elements,
     except names and paths whose patterns exclude braces. -->
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
  goTemplate: true
  goTemplateOptions:
    - "missingkey=error"
  generators:
    - list:
        elements:
<#list elements as element>
          - cluster: ${q(element.cluster)}
            server: ${q(element.server)}
</#list>
  syncPolicy:
    preserveResourcesOnDeletion: true
    applicationsSync: create-update
  template:
    metadata:
      name: ${q(name + "-{{ .cluster }}")}
    spec:
      project: ${q(project)}
      source:
        repoURL: ${q(repoURL)}
        targetRevision: ${q(revision)}
        path: ${q(clusterPath)}
      destination:
        server: "{{ .server }}"
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
        syncOptions:
          - "PruneLast=true"
        retry:
          limit: 10
          backoff:
            duration: 30s
            factor: 2
            maxDuration: 10m
